"""The Quezon City edition's thematic sessions and their rapporteurs' reports (fictional).

Each session lists its speakers by key (SPEAKERS) and its rapporteurs; ``report`` says how far
its report got: "published" (accepted and shown on the session page), "submitted" (awaiting
the organisers), "returned" (sent back to the rapporteurs with a note) or None (no report).
Key messages are {language: text}; some were written in one or two languages only. The
sections are Markdown. ``compile`` marks the key messages the organisers put into the
declaration, with the anchor of the section they went into (outcomes.text.sections_split of
the English draft).
"""

ROOMS = [
    # names (en, fr, es), capacity, booths
    (
        {"en": "Function Room A", "fr": "Salle de réunion A", "es": "Sala de reuniones A"},
        180,
        True,
    ),
    (
        {"en": "Function Room B", "fr": "Salle de réunion B", "es": "Sala de reuniones B"},
        150,
        True,
    ),
]

# The edition's themes (track names in programme_texts.TRACK_NAMES) and colours.
TRACKS = [
    ("Climate mobility", "#1d6b32"),
    ("Access to services", "#0b5394"),
    ("Labour migration and skills", "#8a4b08"),
    ("Inclusive urban governance", "#5b2a86"),
]

# key: (honorific, name, position {en, fr, es}, organisation, language)
SPEAKERS = {
    "belmonte": (
        "Mayor",
        "Teresita Villanueva",
        {"en": "Mayor", "fr": "Maire", "es": "Alcaldesa"},
        "Quezon City Government",
        "en",
    ),
    "reyes": (
        "Dr",
        "Antonio Reyes",
        {
            "en": "Head of the Disaster Risk Reduction Office",
            "fr": "Chef du bureau de réduction des risques de catastrophe",
            "es": "Jefe de la Oficina de Reducción del Riesgo de Desastres",
        },
        "Quezon City Government",
        "en",
    ),
    "rahman": (
        "Mayor",
        "Farida Rahman",
        {"en": "Mayor", "fr": "Maire", "es": "Alcaldesa"},
        "Dhaka North City Corporation",
        "en",
    ),
    "santos": (
        "",
        "Maria Lourdes Santos",
        {
            "en": "Senior Policy Adviser",
            "fr": "Conseillère politique principale",
            "es": "Asesora principal de políticas",
        },
        "Institute for Climate and Sustainable Cities",
        "en",
    ),
    "okafor": (
        "",
        "Chinedu Okafor",
        {
            "en": "Head of Programmes",
            "fr": "Responsable des programmes",
            "es": "Jefe de programas",
        },
        "Mayors Migration Council",
        "en",
    ),
    "dubois": (
        "Deputy Mayor",
        "Claire Dubois",
        {
            "en": "Deputy Mayor for Social Inclusion",
            "fr": "Adjointe au maire chargée de l'inclusion sociale",
            "es": "Teniente de alcalde de Inclusión Social",
        },
        "Ville de Lyon",
        "fr",
    ),
    "mendoza": (
        "",
        "Jocelyn Mendoza",
        {
            "en": "Coordinator, Migrant Help Desk",
            "fr": "Coordinatrice du guichet d'accueil des migrants",
            "es": "Coordinadora de la ventanilla de atención a migrantes",
        },
        "Quezon City Government",
        "en",
    ),
    "quispe": (
        "Councillor",
        "Rosa Quispe",
        {
            "en": "City Councillor for Migration",
            "fr": "Conseillère municipale chargée des migrations",
            "es": "Concejala de Migración",
        },
        "Municipalidad de Santiago",
        "es",
    ),
    "nakamura": (
        "Prof.",
        "Kenji Nakamura",
        {
            "en": "Professor of Urban Studies",
            "fr": "Professeur d'études urbaines",
            "es": "Profesor de estudios urbanos",
        },
        "",
        "en",
    ),
    "wanjiru": (
        "",
        "Grace Wanjiru",
        {
            "en": "Data and Statistics Officer",
            "fr": "Chargée des données et des statistiques",
            "es": "Responsable de datos y estadísticas",
        },
        "Nairobi City County",
        "en",
    ),
    "garcia": (
        "",
        "Lucía García",
        {
            "en": "Senior Policy Adviser",
            "fr": "Conseillère politique principale",
            "es": "Asesora principal de políticas",
        },
        "Alcaldía de Medellín",
        "es",
    ),
    "traore": (
        "Mayor",
        "Moussa Traoré",
        {"en": "Mayor", "fr": "Maire", "es": "Alcalde"},
        "Commune de Ouagadougou",
        "fr",
    ),
    "lim": (
        "",
        "Hyun-woo Lim",
        {
            "en": "Director, Green Skills Programme",
            "fr": "Directeur du programme de compétences vertes",
            "es": "Director del programa de competencias verdes",
        },
        "Seoul Metropolitan Government",
        "en",
    ),
    "ferreira": (
        "",
        "Ana Ferreira",
        {
            "en": "Head of Programmes",
            "fr": "Responsable des programmes",
            "es": "Jefa de programas",
        },
        "International Labour Organization",
        "es",
    ),
    "aquino": (
        "",
        "Ramon Aquino",
        {
            "en": "Youth Representative",
            "fr": "Représentant de la jeunesse",
            "es": "Representante de la juventud",
        },
        "",
        "en",
    ),
    "haddad": (
        "Dr",
        "Leila Haddad",
        {
            "en": "Director of Research",
            "fr": "Directrice de recherche",
            "es": "Directora de investigación",
        },
        "Greater Irbid Municipality",
        "en",
    ),
    "diallo": (
        "",
        "Fatou Diallo",
        {
            "en": "Head of Programmes",
            "fr": "Responsable des programmes",
            "es": "Jefa de programas",
        },
        "",
        "fr",
    ),
    "cruz": (
        "",
        "Patricia Cruz",
        {
            "en": "Language Access Officer",
            "fr": "Chargée de l'accès linguistique",
            "es": "Responsable de acceso lingüístico",
        },
        "Quezon City Government",
        "en",
    ),
    "moreau": (
        "",
        "Julien Moreau",
        {
            "en": "Senior Policy Adviser",
            "fr": "Conseiller politique principal",
            "es": "Asesor principal de políticas",
        },
        "",
        "fr",
    ),
    "dlamini": (
        "Councillor",
        "Thandiwe Dlamini",
        {
            "en": "City Councillor for Migration",
            "fr": "Conseillère municipale chargée des migrations",
            "es": "Concejala de Migración",
        },
        "City of Johannesburg",
        "en",
    ),
    "ortega": (
        "",
        "Diego Ortega",
        {
            "en": "Youth Representative",
            "fr": "Représentant de la jeunesse",
            "es": "Representante de la juventud",
        },
        "",
        "es",
    ),
    "bautista": (
        "",
        "Carmela Bautista",
        {
            "en": "Head of Programmes",
            "fr": "Responsable des programmes",
            "es": "Jefa de programas",
        },
        "",
        "en",
    ),
    "mensah": (
        "Mayor",
        "Kwame Mensah",
        {"en": "Mayor", "fr": "Maire", "es": "Alcalde"},
        "Accra Metropolitan Assembly",
        "en",
    ),
}

# Sessions in the order of the programme: day (0 = first day), start and end (event time,
# "HH:MM"), room index, track, kind, speakers (moderator first, then panellists),
# rapporteurs, and how far the report got.
SESSIONS = [
    {
        "title": {
            "en": "Typhoon season and the city: planning for people displaced by floods",
            "fr": "Saison des typhons et la ville : planifier pour les personnes déplacées par les inondations",
            "es": "Temporada de tifones y ciudad: planificar para las personas desplazadas por las inundaciones",
        },
        "abstract": {
            "en": "Cities on flood plains and coasts receive families whose homes the water took. "
            "Mayors compare evacuation, temporary shelter and the harder question of where "
            "people can live safely afterwards.",
            "fr": "Les villes des plaines inondables et des côtes accueillent des familles dont "
            "l'eau a emporté la maison. Les maires comparent évacuation, hébergement temporaire "
            "et la question plus difficile du lieu où vivre en sécurité ensuite.",
        },
        "day": 0,
        "start": "11:00",
        "end": "12:30",
        "room": 0,
        "track": "Climate mobility",
        "speakers": ["okafor", "belmonte", "rahman", "reyes"],
        "rapporteurs": ["santos", "nakamura"],
        "report": "published",
    },
    {
        "title": {
            "en": "One-stop migrant centres: a single door to the city's services",
            "fr": "Guichets uniques pour les migrants : une seule porte vers les services de la ville",
            "es": "Centros de atención integral a migrantes: una sola puerta a los servicios de la ciudad",
        },
        "abstract": {
            "en": "Quezon City's migrant help desks, Lyon's welcome point and Santiago's "
            "municipal office for migrants: what a one-stop centre needs to work.",
            "es": "Las ventanillas de atención a migrantes de Quezon City, el punto de acogida de "
            "Lyon y la oficina municipal de migrantes de Santiago: lo que necesita un centro "
            "integral para funcionar.",
        },
        "day": 0,
        "start": "11:00",
        "end": "12:30",
        "room": 1,
        "track": "Access to services",
        "speakers": ["ferreira", "mendoza", "dubois", "quispe"],
        "rapporteurs": ["garcia"],
        "report": "published",
    },
    {
        "title": {
            "en": "Counting climate arrivals: local data that protects privacy",
            "fr": "Compter les arrivées climatiques : des données locales qui protègent la vie privée",
            "es": "Contar las llegadas climáticas: datos locales que protegen la privacidad",
        },
        "abstract": {
            "en": "Without numbers, climate mobility stays invisible in budgets. Statisticians "
            "and city planners discuss what to count, with whom, and how to keep people safe.",
        },
        "day": 0,
        "start": "14:00",
        "end": "15:30",
        "room": 0,
        "track": "Inclusive urban governance",
        "speakers": ["nakamura", "wanjiru", "haddad"],
        "rapporteurs": ["okafor"],
        "report": "published",
    },
    {
        "title": {
            "en": "Green jobs for new arrivals: skills recognition and apprenticeships",
            "fr": "Des emplois verts pour les nouveaux arrivants : reconnaissance des compétences et apprentissage",
            "es": "Empleos verdes para quienes llegan: reconocimiento de competencias y aprendizaje",
        },
        "abstract": {
            "en": "Solar installers, retrofitting crews and care workers: how cities link "
            "newcomers to the jobs of the climate transition.",
            "fr": "Installateurs solaires, équipes de rénovation et aides à domicile : comment les "
            "villes relient les nouveaux arrivants aux emplois de la transition climatique.",
            "es": "Instaladores solares, equipos de rehabilitación y cuidadores: cómo las ciudades "
            "vinculan a quienes llegan con los empleos de la transición climática.",
        },
        "day": 0,
        "start": "14:00",
        "end": "15:30",
        "room": 1,
        "track": "Labour migration and skills",
        "speakers": ["ferreira", "lim", "traore", "mensah"],
        "rapporteurs": ["diallo"],
        "report": "published",
    },
    {
        "title": {
            "en": "Heat in informal settlements: heat-action plans that include newcomers",
            "fr": "La chaleur dans les quartiers informels : des plans canicule qui incluent les nouveaux arrivants",
            "es": "El calor en los asentamientos informales: planes contra el calor que incluyen a quienes llegan",
        },
        "abstract": {
            "en": "Extreme heat kills quietly, and most of all in crowded rented rooms. Cities "
            "share heat-action plans that reach residents who arrived recently.",
            "fr": "La chaleur extrême tue en silence, surtout dans les chambres louées surpeuplées. "
            "Des villes présentent des plans canicule qui atteignent les habitants arrivés "
            "récemment.",
        },
        "day": 1,
        "start": "11:00",
        "end": "12:30",
        "room": 0,
        "track": "Climate mobility",
        "speakers": ["santos", "rahman", "traore", "reyes"],
        "rapporteurs": ["haddad", "moreau"],
        "report": "published",
    },
    {
        "title": {
            "en": "Language access: classes and interpreters on a city budget",
            "fr": "Accès linguistique : cours et interprètes avec un budget municipal",
            "es": "Acceso lingüístico: clases e intérpretes con un presupuesto municipal",
        },
        "abstract": {
            "en": "Free language classes, telephone interpretation and plain-language forms: "
            "what works when the budget is small.",
        },
        "day": 1,
        "start": "11:00",
        "end": "12:30",
        "room": 1,
        "track": "Access to services",
        "speakers": ["mendoza", "cruz", "dubois"],
        "rapporteurs": ["bautista"],
        "report": "submitted",
    },
    {
        "title": {
            "en": "Migrant and youth councils: from consultation to co-decision",
            "fr": "Conseils de migrants et de jeunes : de la consultation à la codécision",
            "es": "Consejos de migrantes y de jóvenes: de la consulta a la codecisión",
        },
        "abstract": {
            "en": "Advisory councils are common; councils whose advice changes budgets are "
            "rare. Young people and councillors discuss how to get there.",
            "es": "Los consejos consultivos son frecuentes; los que cambian presupuestos son "
            "raros. Jóvenes y concejales debaten cómo lograrlo.",
        },
        "day": 1,
        "start": "14:00",
        "end": "15:30",
        "room": 0,
        "track": "Inclusive urban governance",
        "speakers": ["dlamini", "aquino", "ortega", "quispe"],
        "rapporteurs": ["wanjiru"],
        "report": "returned",
    },
    {
        "title": {
            "en": "Remittances and hometown resilience: diaspora investment after disasters",
            "fr": "Transferts de fonds et résilience des villes d'origine : l'investissement de la diaspora après les catastrophes",
            "es": "Remesas y resiliencia de las ciudades de origen: la inversión de la diáspora tras los desastres",
        },
        "abstract": {
            "en": "After a typhoon, remittances arrive before any aid. How cities of origin and "
            "destination can help families and diaspora associations rebuild.",
        },
        "day": 1,
        "start": "14:00",
        "end": "15:30",
        "room": 1,
        "track": "Labour migration and skills",
        "speakers": ["mensah", "lim", "garcia"],
        "rapporteurs": ["cruz"],
        "report": None,
    },
]

RETURN_NOTE = (
    "Thank you for the draft. Could you split the first key message in two (councils and "
    "budgets are separate points), and add what the speakers asked of national governments "
    "under “What cities need from others”?"
)

# The reporting deadline: this many days after the edition's last day, 18:00 event time.
DEADLINE_DAYS_AFTER = 10

# Reports by session index: key messages, the three sections ({language: Markdown}).
REPORTS = {
    0: {
        "messages": [
            {
                "en": "Relocation after floods works only when families choose where they go and keep their jobs and schools within reach.",
                "fr": "La réinstallation après les inondations ne fonctionne que si les familles choisissent où elles vont et gardent leur emploi et leur école à portée.",
                "es": "El reasentamiento tras las inundaciones solo funciona si las familias eligen adónde van y conservan su empleo y su escuela al alcance.",
            },
            {
                "en": "Evacuation centres must plan for people who cannot return home, not only for the three days of the storm.",
                "fr": "Les centres d'évacuation doivent prévoir l'accueil des personnes qui ne peuvent pas rentrer chez elles, et pas seulement les trois jours de la tempête.",
                "es": "Los centros de evacuación deben prever a las personas que no pueden volver a casa, no solo los tres días de la tormenta.",
            },
            {
                "en": "Cities need direct access to adaptation finance for relocation sites; national funds arrive years too late.",
                "fr": "Les villes ont besoin d'un accès direct au financement de l'adaptation pour les sites de réinstallation ; les fonds nationaux arrivent des années trop tard.",
                "es": "Las ciudades necesitan acceso directo a la financiación para la adaptación destinada a los sitios de reasentamiento; los fondos nacionales llegan con años de retraso.",
            },
        ],
        "actions": {
            "en": "- Quezon City maps flood-prone settlements every year with residents and keeps a list of safe sites near transport.\n- Dhaka North gives displaced families a one-year rent subsidy close to their former neighbourhood.",
            "fr": "- Quezon City cartographie chaque année avec les habitants les quartiers exposés aux inondations et tient une liste de sites sûrs proches des transports.\n- Dhaka Nord verse aux familles déplacées une aide au loyer d'un an près de leur ancien quartier.",
        },
        "commitments": {
            "en": "The mayors present proposed that every signatory city name **one office responsible for people displaced by disasters**.",
            "fr": "Les maires présents ont proposé que chaque ville signataire désigne **un service responsable des personnes déplacées par les catastrophes**.",
        },
        "needs": {
            "en": "From national governments: land for relocation and a share of adaptation funds. From UN agencies: simple grant procedures.",
        },
        "compile": {0: "our-commitments", 2: "partnerships"},
    },
    1: {
        "messages": [
            {
                "en": "A one-stop centre should serve every resident who walks in, whatever their status, and refer them without asking for papers first.",
                "es": "Un centro integral debe atender a toda persona residente que entre, sea cual sea su situación, y derivarla sin pedirle papeles primero.",
                "fr": "Un guichet unique doit servir tout habitant qui s'y présente, quel que soit son statut, et l'orienter sans lui demander d'abord ses papiers.",
            },
            {
                "en": "Staff who speak migrants' languages, including people who were migrants themselves, make centres trusted.",
                "es": "El personal que habla las lenguas de las personas migrantes, incluidas personas que fueron migrantes, genera confianza en los centros.",
            },
        ],
        "actions": {
            "en": "- Quezon City runs migrant help desks in six district halls, open on Saturdays.\n- Lyon's welcome point brings housing, health insurance and school enrolment into one appointment.",
            "es": "- Quezon City tiene ventanillas de atención a migrantes en seis sedes de distrito, abiertas los sábados.\n- El punto de acogida de Lyon reúne vivienda, seguro de salud e inscripción escolar en una sola cita.",
            "fr": "- Quezon City tient des guichets d'accueil des migrants dans six mairies de district, ouverts le samedi.\n- Le point d'accueil de Lyon réunit logement, assurance maladie et inscription scolaire en un seul rendez-vous.",
        },
        "commitments": {
            "en": "Santiago will open a second municipal office for migrants in the south of the city.",
            "es": "Santiago abrirá una segunda oficina municipal de migrantes en el sur de la ciudad.",
        },
        "needs": {
            "es": "De los gobiernos nacionales: que los datos de las oficinas municipales no se usen para control migratorio.",
        },
        "compile": {0: "our-commitments"},
    },
    2: {
        "messages": [
            {
                "en": "Cities should count climate-related arrivals with their national statistics office, using shared definitions, and publish only aggregated figures.",
                "fr": "Les villes devraient compter les arrivées liées au climat avec leur institut national de statistique, selon des définitions communes, et ne publier que des chiffres agrégés.",
                "es": "Las ciudades deberían contar las llegadas vinculadas al clima con su instituto nacional de estadística, con definiciones comunes, y publicar solo cifras agregadas.",
            },
            {
                "en": "No data collected to provide a service may be shared for immigration enforcement.",
            },
        ],
        "actions": {
            "en": "- Nairobi adds a question on the reason for moving to its informal-settlement surveys.\n- Irbid publishes a yearly dashboard of arrivals by district, with no individual records.",
        },
        "commitments": {
            "en": "The speakers offered to draft a short common questionnaire for cities by the next forum.",
        },
        "needs": {
            "en": "Universities and statistics offices: methods that small cities can afford.",
        },
        "compile": {0: "our-commitments"},
    },
    3: {
        "messages": [
            {
                "en": "The climate transition needs workers now: cities can link newcomers to solar, retrofitting and care jobs through short paid apprenticeships.",
                "fr": "La transition climatique a besoin de travailleurs maintenant : les villes peuvent relier les nouveaux arrivants aux métiers du solaire, de la rénovation et du soin par des apprentissages courts et rémunérés.",
                "es": "La transición climática necesita trabajadores ya: las ciudades pueden vincular a quienes llegan con empleos solares, de rehabilitación y de cuidados mediante aprendizajes cortos y remunerados.",
            },
            {
                "fr": "La reconnaissance des diplômes peut commencer en ville : un entretien de compétences vaut mieux que des mois d'attente.",
                "en": "Recognising qualifications can start at city level: a skills interview is worth more than months of waiting.",
            },
        ],
        "actions": {
            "en": "- Seoul's green skills programme trains 400 residents a year, a quarter of them born abroad.\n- Ouagadougou pairs young arrivals with solar installers for six months.",
            "fr": "- Le programme de compétences vertes de Séoul forme 400 habitants par an, dont un quart nés à l'étranger.\n- Ouagadougou associe de jeunes arrivants à des installateurs solaires pendant six mois.",
            "es": "- El programa de competencias verdes de Seúl forma a 400 residentes al año, una cuarta parte nacidos en el extranjero.\n- Uagadugú empareja a jóvenes recién llegados con instaladores solares durante seis meses.",
        },
        "commitments": {
            "fr": "Accra et Ouagadougou lanceront un échange d'apprentis entre leurs services techniques.",
        },
        "needs": {
            "en": "From employers and trade unions: places for apprentices. From the ILO: guidance on skills recognition.",
            "fr": "Des employeurs et des syndicats : des places d'apprentissage. De l'OIT : des orientations sur la reconnaissance des compétences.",
        },
        "compile": {0: "our-commitments"},
    },
    4: {
        "messages": [
            {
                "en": "Heat is the deadliest climate hazard in our cities; heat-action plans must reach people in rented rooms and informal work, in their languages.",
                "fr": "La chaleur est le risque climatique le plus meurtrier dans nos villes ; les plans canicule doivent atteindre les personnes logées en chambre et celles qui travaillent dans l'informel, dans leurs langues.",
                "es": "El calor es el riesgo climático más mortal en nuestras ciudades; los planes contra el calor deben llegar a quienes viven en habitaciones alquiladas y trabajan en la informalidad, en sus lenguas.",
            },
            {
                "en": "Cooling centres should be open at night and need no identity document.",
                "fr": "Les centres de rafraîchissement doivent ouvrir la nuit et n'exiger aucun document d'identité.",
            },
        ],
        "actions": {
            "en": "- Dhaka North sends heat alerts by text message in Bangla and three minority languages.\n- Ouagadougou keeps two health posts open at night during heat waves.",
            "fr": "- Dhaka Nord envoie des alertes chaleur par SMS en bengali et en trois langues minoritaires.\n- Ouagadougou garde deux centres de santé ouverts la nuit pendant les vagues de chaleur.",
        },
        "commitments": {
            "en": "Three cities agreed to share their heat-action plans and the evaluation of last summer's alerts.",
        },
        "needs": {
            "en": "From meteorological services: heat forecasts at neighbourhood scale.",
        },
        "compile": {0: "why-we-act"},
    },
    5: {
        "messages": [
            {
                "en": "Free language classes with childcare reach mothers who otherwise never attend.",
                "fr": "Des cours de langue gratuits avec garde d'enfants atteignent des mères qui sinon ne viennent jamais.",
            },
            {
                "en": "Telephone interpretation costs less than one wrong diagnosis.",
            },
        ],
        "actions": {
            "en": "- Quezon City's district halls offer Filipino and English classes in the evening.\n- Lyon translates its ten most used forms into plain language first, then into other languages.",
        },
        "commitments": {"en": "", "fr": ""},
        "needs": {
            "en": "From national governments: recognition of community interpreters.",
        },
    },
    6: {
        "messages": [
            {
                "en": "Migrant and youth councils should decide on part of the budget, and cities should publish what they changed after the councils' advice.",
                "es": "Los consejos de migrantes y de jóvenes deberían decidir sobre una parte del presupuesto, y las ciudades deberían publicar lo que cambiaron tras su consejo.",
            },
        ],
        "actions": {
            "en": "- Johannesburg's migrant advisory panel meets every quarter with the mayoral committee.",
        },
        "commitments": {},
        "needs": {},
    },
}
