"""The seven question sets the package ships, by id: what the CLI and wheel tests expect to find."""

SEVEN = (
    "eigen-regie",
    "anders-verantwoorden-netwerk",
    "rvs-themas",
    "leren-en-rekenschap",
    "polariteiten",
    "handelingsperspectieven",
    "kennismaking",
)
