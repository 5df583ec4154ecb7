"""The static data of the demo generator: levels and their CODE_MEF, class size, real French first
names and surnames (with accents, apostrophes, particles and hyphens, as real files have), streets
and towns around Poitiers, mail domains, and the subjects taught with their STS codes."""

from __future__ import annotations

from ..siecle import MEF_LEVELS

LEVEL_MEF = {level: mef for mef, level in MEF_LEVELS.items()}
LEVELS = ("6", "5", "4", "3")
PUPILS_PER_CLASS = 25

# Data tables: one line per row of names reads better than one name per line.
# fmt: off
GIRLS = (
    "Emma", "Jade", "Louise", "Alice", "Chloé", "Lina", "Léa", "Rose", "Anna", "Mila", "Inès", "Ambre",
    "Julia", "Mia", "Léna", "Manon", "Juliette", "Lou", "Zoé", "Camille", "Agathe", "Jeanne", "Lucie",
    "Éva", "Nina", "Sarah", "Romane", "Inaya", "Charlotte", "Léonie", "Clémence", "Maëlle", "Océane",
    "Noémie", "Margaux", "Anaïs", "Élise", "Héloïse", "Capucine", "Maëlys", "Clara", "Louna", "Yasmine",
    "Salomé", "Justine", "Éloïse", "Apolline", "Victoire", "Gabrielle", "Lilou",
)
BOYS = (
    "Gabriel", "Léo", "Raphaël", "Arthur", "Louis", "Jules", "Adam", "Maël", "Lucas", "Hugo", "Noah",
    "Liam", "Gabin", "Sacha", "Paul", "Nathan", "Aaron", "Mohamed", "Ethan", "Tom", "Éden", "Léon",
    "Noé", "Tiago", "Théo", "Isaac", "Marius", "Victor", "Martin", "Timéo", "Nolan", "Axel", "Baptiste",
    "Clément", "Mathis", "Enzo", "Florian", "Dylan", "Kylian", "Antoine", "Valentin", "Évan", "Mathéo",
    "Loïc", "Benoît", "Jérémy", "Rémi", "Joachim", "Côme", "Anatole",
)
MOTHERS = (
    "Sophie", "Nathalie", "Isabelle", "Sandrine", "Céline", "Aurélie", "Stéphanie", "Virginie", "Émilie",
    "Julie", "Caroline", "Élodie", "Laetitia", "Karine", "Valérie", "Séverine", "Delphine", "Audrey",
    "Mélanie", "Hélène", "Anne", "Marie", "Christelle", "Fatima", "Amandine", "Vanessa", "Cécile",
    "Magali", "Gaëlle", "Claire", "Nadia", "Sabrina", "Estelle", "Géraldine", "Agnès", "Noëlle",
)
FATHERS = (
    "Nicolas", "Sébastien", "Christophe", "Stéphane", "Julien", "Frédéric", "David", "Laurent",
    "Olivier", "Jérôme", "Cédric", "Guillaume", "Mickaël", "Fabrice", "Thierry", "Philippe", "Franck",
    "Grégory", "Vincent", "Arnaud", "Emmanuel", "Pascal", "Yannick", "Karim", "Benjamin", "Damien",
    "Mathieu", "Ludovic", "Hervé", "Thomas", "Jean-François", "Pierre-Yves", "Éric", "Rachid",
)
SURNAMES = (
    "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU", "LAURENT",
    "SIMON", "MICHEL", "LEFÈVRE", "LEROY", "ROUX", "DAVID", "BERTRAND", "MOREL", "FOURNIER", "GIRARD",
    "BONNET", "DUPONT", "LAMBERT", "FONTAINE", "ROUSSEAU", "VINCENT", "MULLER", "LEFEBVRE", "FAURE",
    "ANDRÉ", "MERCIER", "BLANC", "GUÉRIN", "BOYER", "GARNIER", "CHEVALIER", "FRANÇOIS", "LEGRAND",
    "GAUTHIER", "GARCIA", "PERRIN", "ROBIN", "CLÉMENT", "MORIN", "NICOLAS", "HENRY", "ROUSSEL",
    "MATHIEU", "GAUTIER", "MASSON", "MARCHAND", "DUVAL", "DENIS", "DUMONT", "MARIE", "LEMAIRE", "NOËL",
    "MEYER", "DUFOUR", "MEUNIER", "BRUN", "BLANCHARD", "GIRAUD", "JOLY", "RIVIÈRE", "LUCAS", "BRUNET",
    "GAILLARD", "BARBIER", "ARNAUD", "MARTINEZ", "GÉRARD", "ROCHE", "RENARD", "SCHMITT", "ROY",
    "LEROUX", "COLIN", "VIDAL", "CARON", "PICARD", "ROGER", "FABRE", "AUBERT", "LEMOINE", "RENAUD",
    "DUMAS", "LACROIX", "OLIVIER", "PHILIPPE", "BOURGEOIS", "PIERRE", "BENOÎT", "REY", "LECLERC",
    "PAYET", "ROLLAND", "LECLERCQ", "GUILLAUME", "LECOMTE", "LOPEZ", "JEAN", "DUPUY", "GUILLOT",
    "HUBERT", "BERGER", "CARPENTIER", "SANCHEZ", "DUPUIS", "MOULIN", "LOUIS", "DESCHAMPS", "HUET",
    "VASSEUR", "PEREZ", "BOUCHER", "FLEURY", "ROYER", "KLEIN", "JACQUET", "ADAM", "PARIS", "POIRIER",
    "MARTY", "AUBRY", "GUYOT", "CARRÉ", "CHARLES", "RENAULT", "CHARPENTIER", "MÉNARD", "MAILLARD",
    "BARON", "BERTIN", "BAILLY", "HERVÉ", "SCHNEIDER", "FERNANDEZ", "LE GALL", "COLLET", "LÉGER",
    "BOUVIER", "JULIEN", "PRÉVOST", "MILLET", "PERROT", "DANIEL", "LE ROUX", "COUSIN", "GERMAIN",
    "BRETON", "BESSON", "LANGLOIS", "RÉMY", "LE GOFF", "PELLETIER", "LÉVÊQUE", "PERRIER", "LEBLANC",
    "BARRÉ", "LEBRUN", "MARCHAL", "WEBER", "MALLET", "HAMON", "BOULANGER", "JACOB", "MONNIER",
    "MICHAUD", "RODRIGUEZ", "GUICHARD", "GILLET", "ÉTIENNE", "GRONDIN", "POULAIN", "TESSIER",
    "CHEVALLIER", "COLLIN", "CHAUVIN", "DA SILVA", "BOUCHET", "GAY", "LEMAÎTRE", "BENARD", "MARÉCHAL",
    "HUMBERT", "REYNAUD", "ANTOINE", "HOARAU", "PERRET", "BARTHÉLEMY", "CORDIER", "PICHON", "LEJEUNE",
    "GILBERT", "LAMY", "DELAUNAY", "PASQUIER", "CARLIER", "LAPORTE", "CŒURDEROY", "LEBŒUF",
    "D'ALMEIDA", "N'DIAYE", "DE LA FONTAINE", "MARTIN-DUPONT", "SAINT-CLAIR", "BENSAÏD", "NGUYEN",
    "KOWALSKI", "O'CONNOR",
)
STREETS = (
    "rue de la Cathédrale", "rue Carnot", "avenue de la Libération", "rue des Carmes", "rue du Moulin",
    "allée des Tilleuls", "chemin de la Grand'Maison", "rue Jean Jaurès", "rue Victor Hugo",
    "impasse des Lilas", "route de Nouaillé", "rue de la Vallée", "place du Marché", "rue des Écoles",
    "boulevard du Pont-Achard", "rue Saint-Hilaire", "rue de l'Abbé Grégoire", "rue des Œillets",
    "avenue de Nantes", "rue du Clos Gaultier",
)
TOWNS = (
    ("86000", "POITIERS"), ("86000", "POITIERS"), ("86000", "POITIERS"), ("86180", "BUXEROLLES"),
    ("86360", "CHASSENEUIL-DU-POITOU"), ("86280", "SAINT-BENOIT"), ("86240", "LIGUGE"),
    ("86440", "MIGNE-AUXANCES"), ("86550", "MIGNALOUX-BEAUVOIR"), ("86170", "NEUVILLE-DE-POITOU"),
    ("86130", "JAUNAY-MARIGNY"), ("86580", "VOUNEUIL-SOUS-BIARD"),
)
MAIL_DOMAINS = ("orange.fr", "gmail.com", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr", "hotmail.fr",
                "yahoo.fr", "outlook.fr", "icloud.com")
# (subject, CODE_MATIERE, number of teachers for 16 classes)
SUBJECTS = (
    ("FRANCAIS", "020100", 4), ("MATHEMATIQUES", "061300", 4), ("HISTOIRE-GEOGRAPHIE", "040700", 3),
    ("ANGLAIS LV1", "030201", 3), ("ESPAGNOL LV2", "030602", 2), ("ALLEMAND LV2", "030102", 1),
    ("SCIENCES VIE & TERRE", "062900", 2), ("PHYSIQUE-CHIMIE", "061700", 2), ("TECHNOLOGIE", "070200", 2),
    ("ED.PHYSIQUE & SPORT.", "100100", 3), ("ARTS PLASTIQUES", "090100", 1),
    ("EDUCATION MUSICALE", "090500", 1), ("LATIN", "021800", 1),
)
# CODE_MATIERE -> (CODE_GESTION, LIBELLE_EDITION) of the STS nomenclature
SUBJECT_NAMES = {
    "020100": ("FRANC", "Français"), "061300": ("MATHS", "Mathématiques"),
    "040700": ("HI-GE", "Histoire-géographie"), "030201": ("AGL1", "Anglais LV1"),
    "030602": ("ESP2", "Espagnol LV2"), "030102": ("ALL2", "Allemand LV2"),
    "062900": ("SVT", "Sciences de la vie et de la Terre"), "061700": ("PH-CH", "Physique-chimie"),
    "070200": ("TECHN", "Technologie"), "100100": ("EPS", "Éducation physique et sportive"),
    "090100": ("A-PLA", "Arts plastiques"), "090500": ("EDMUS", "Éducation musicale"),
    "021800": ("LCALA", "Latin"),
}
# Subjects taught in groups drawn from all the classes of a level (group code suffix, label).
GROUP_SUBJECTS = {"030602": ("ESP2", "Espagnol LV2"), "030102": ("ALL2", "Allemand LV2"),
                  "021800": ("LAT", "Latin")}
# fmt: on
