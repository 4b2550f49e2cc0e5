"""Dialoogtafel: dialogue tables for workshops.

The package's parts live in the repository's top-level folders (`server/`, `kiosk/`, `exports/`,
`question_sets/`, `rode_draad/`, `cli/`); this folder links them in as `dialoogtafel.<part>`
(docs/architecture.md says why).
"""
