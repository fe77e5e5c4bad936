"""Which roles hold the catalogue's permissions (registered from `CompetenciesConfig.ready()`).

HR admins keep the catalogue and the map of AI dimensions onto it; other roles read
competencies only through the pages that show them (an employee's skills).
"""

from hrflow.accounts.roles import Role

COMPETENCIES_GRANTS = {
    Role.HR_ADMIN: [
        "competencies.view_competency",
        "competencies.add_competency",
        "competencies.change_competency",
        "competencies.view_dimension",
        "competencies.view_dimensionmapping",
        "competencies.add_dimensionmapping",
        "competencies.change_dimensionmapping",
    ],
}
