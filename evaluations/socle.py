"""The socle commun de connaissances, de compétences et de culture (cycles 3 and 4): its 8
components as the Livret scolaire unique codes and names them, and the four levels of mastery."""

from __future__ import annotations

COMPONENTS: dict[str, str] = {
    "CPD_FRA": "Comprendre, s'exprimer en utilisant la langue française à l'oral et à l'écrit",
    "CPD_ETR": (
        "Comprendre, s'exprimer en utilisant une langue étrangère et, le cas échéant, une "
        "langue régionale"
    ),
    "CPD_SCI": (
        "Comprendre, s'exprimer en utilisant les langages mathématiques, scientifiques et "
        "informatiques"
    ),
    "CPD_ART": "Comprendre, s'exprimer en utilisant les langages des arts et du corps",
    "MET_APP": "Les méthodes et outils pour apprendre",
    "FRM_CIT": "La formation de la personne et du citoyen",
    "SYS_NAT": "Les systèmes naturels et les systèmes techniques",
    "REP_MND": "Les représentations du monde et l'activité humaine",
}
COMPONENT_CHOICES = list(COMPONENTS.items())

LEVELS: dict[int, str] = {
    1: "Maîtrise insuffisante",
    2: "Maîtrise fragile",
    3: "Maîtrise satisfaisante",
    4: "Très bonne maîtrise",
}
LEVEL_CHOICES = list(LEVELS.items())
# Short forms for the grids (the full name is the cell's label).
LEVEL_SHORT: dict[int, str] = {1: "MI", 2: "MF", 3: "MS", 4: "TB"}
