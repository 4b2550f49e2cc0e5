"""The bounds the domain enforces on what participants and the leader send."""

from __future__ import annotations

ANSWER_CHARS = 1000  # PROTOCOL.md: answer over the limit -> too_long
ANSWERS_PER_QUESTION = 20  # per device and question -> too_many
NOTE_CHARS = 4000
FIELD_CHARS = 200  # an action's who and when
MAX_VOTES_PER_DEVICE = 20
DEFAULT_VOTES_PER_DEVICE = 3
MAX_TABLES = 500
MAX_TIMER_SECONDS = 6 * 3600  # a countdown's length, and what one extension adds
MAX_ROUNDS = 99
GROUP_LABEL_CHARS = 80  # a rode-draad group label the leader typed
GROUP_ANSWERS = 2000  # answer ids in one group_merge or group_rename
TOPIC_NAME_CHARS = 60  # PROTOCOL.md, topics: a topic's name
TOPIC_ABOUT_CHARS = 200  # and its one sentence
TOPICS_PER_QUESTION = 40  # -> too_many
QUESTION_CHARS = 500  # a question the leader asks live
MIN_OPTIONS = 2  # a choice poll's options
MAX_OPTIONS = 12
OPTION_CHARS = 200
LABEL_CHARS = 80  # the words at a scale's two ends
SCALE_LOW = 0  # 0 <= min < max <= 10
SCALE_HIGH = 10
MAX_QUESTIONS = 200  # a session's questions, those asked live included
