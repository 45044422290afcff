"""Local actions that signatories of the Quezon City declaration pledged (fictional).

Each pledge: the signatory city (organisation name), its theme (a track of the Quezon City
edition), texts {language: (title, description)} in the city's language (several also
translated), the statuses of its approved revisions in order (its history: one approval per
status, spread over the months since adoption), an optional figure per revision, a target
(months after adoption) and what became of it:
"published"; "update_pending" (published, and a newer text awaits review); "pending" (never
reviewed yet); "rejected" (with ``reason``); "withdrawn" (by the signatory once published);
"endorsement_withdrawn" (published, then the city withdrew its endorsement: hidden).
"""

# The endorsement that the city withdrew after its pledge was published.
WITHDRAWN_ENDORSEMENT = "Gemeente Amsterdam"
ENDORSEMENT_WITHDRAWAL_REASON = (
    "The new municipal council is reviewing the city's international commitments and asked "
    "us to withdraw our signature until that review ends."
)

PLEDGES = [
    {
        "city": "Quezon City Government",
        "track": "Access to services",
        "texts": {
            "en": (
                "Migrant help desks in all six district halls",
                "Every district hall gets a help desk where any resident, whatever their "
                "status, is referred to health care, schooling, shelter and legal aid, open on "
                "Saturdays.",
            ),
            "fr": (
                "Des guichets d'accueil des migrants dans les six mairies de district",
                "Chaque mairie de district accueille un guichet où tout habitant, quel que soit "
                "son statut, est orienté vers les soins, l'école, l'hébergement et l'aide "
                "juridique, ouvert le samedi.",
            ),
        },
        "history": ["planned", "under_way", "done"],
        "figures": [None, 4800, 12400],
        "figure_label": {"en": "residents served", "fr": "habitants reçus"},
        "target": 12,
        "outcome": "published",
    },
    {
        "city": "Quezon City Government",
        "track": "Climate mobility",
        "texts": {
            "en": (
                "A heat-action plan that reaches informal settlements",
                "Heat alerts by text message in Filipino, English and three regional "
                "languages, cooling centres open at night in barangay halls, and a registry-free "
                "health check for outdoor workers.",
            ),
            "fr": (
                "Un plan canicule qui atteint les quartiers informels",
                "Des alertes chaleur par SMS en filipino, en anglais et en trois langues "
                "régionales, des centres de rafraîchissement ouverts la nuit dans les salles de "
                "barangay, et un contrôle de santé sans inscription pour les travailleurs "
                "de plein air.",
            ),
        },
        "history": ["planned", "under_way"],
        "target": 18,
        "outcome": "published",
    },
    {
        "city": "City of Dakar",
        "track": "Access to services",
        "texts": {
            "fr": (
                "Cours de français et de wolof gratuits pour les nouveaux arrivants",
                "Des cours du soir dans les dix-neuf communes d'arrondissement, avec garde "
                "d'enfants, ouverts à toute personne arrivée depuis moins de trois ans.",
            ),
            "en": (
                "Free French and Wolof classes for new arrivals",
                "Evening classes in the nineteen district municipalities, with childcare, open "
                "to anyone who arrived less than three years ago.",
            ),
        },
        "history": ["planned", "under_way"],
        "figures": [None, 650],
        "figure_label": {"fr": "apprenants inscrits", "en": "learners enrolled"},
        "target": 12,
        "outcome": "published",
    },
    {
        "city": "City of Dakar",
        "track": "Climate mobility",
        "texts": {
            "fr": (
                "La mobilité humaine dans le plan climat de Dakar",
                "Le plan climat territorial révisé comprendra un chapitre sur les familles "
                "arrivées de l'intérieur du pays à cause de la sécheresse et de l'érosion "
                "côtière.",
            ),
        },
        "history": ["planned"],
        "target": 24,
        "outcome": "published",
    },
    {
        "city": "City of Kigali",
        "track": "Inclusive urban governance",
        "texts": {
            "fr": (
                "Compter les arrivées liées au climat avec l'Institut national de la statistique",
                "Une question sur la raison du déménagement ajoutée à l'enquête annuelle des "
                "ménages de la ville, publiée uniquement en chiffres agrégés par secteur.",
            ),
        },
        "history": ["planned"],
        "target": 12,
        "outcome": "pending",
    },
    {
        "city": "Ville de Lyon",
        "track": "Inclusive urban governance",
        "texts": {
            "fr": (
                "Un conseil des résidents étrangers doté d'un budget",
                "Le conseil lyonnais des résidents étrangers décidera de l'usage de 300 000 € "
                "par an pour des projets de quartier, et la Ville publiera la suite donnée à "
                "chacun de ses avis.",
            ),
        },
        "history": ["planned", "under_way"],
        "target": 12,
        "outcome": "published",
    },
    {
        "city": "Ville de Lyon",
        "track": "Access to services",
        "texts": {
            "fr": (
                "Un point d'accueil unique ouvert le samedi",
                "Logement, assurance maladie, inscription scolaire et cours de français réunis "
                "en un seul rendez-vous, le samedi matin, dans trois mairies d'arrondissement.",
            ),
        },
        "history": ["planned"],
        # The newer text awaiting review says the service has started.
        "update": "under_way",
        "target": 9,
        "outcome": "update_pending",
    },
    {
        "city": "Ville de Grenoble",
        "track": "Climate mobility",
        "texts": {
            "fr": (
                "Un plan canicule en huit langues",
                "Les alertes, les lieux frais et les conseils de santé traduits en huit "
                "langues et relayés par les associations de quartier et les médiateurs.",
            ),
            "en": (
                "A heat plan in eight languages",
                "Alerts, cool places and health advice translated into eight languages and "
                "passed on by neighbourhood associations and mediators.",
            ),
            "es": (
                "Un plan contra el calor en ocho lenguas",
                "Alertas, lugares frescos y consejos de salud traducidos a ocho lenguas y "
                "difundidos por asociaciones de barrio y mediadores.",
            ),
        },
        "history": ["planned", "under_way", "done"],
        "target": 6,
        "outcome": "published",
    },
    {
        "city": "Alcaldía de Medellín",
        "track": "Labour migration and skills",
        "texts": {
            "es": (
                "Ruta de empleo verde para población migrante",
                "Formación corta y remunerada en instalación solar, reciclaje y rehabilitación "
                "de viviendas, con certificación de competencias y acompañamiento a la primera "
                "contratación.",
            ),
            "en": (
                "A green jobs pathway for migrants",
                "Short paid training in solar installation, recycling and home retrofitting, "
                "with skills certification and support up to the first job.",
            ),
        },
        "history": ["planned", "under_way"],
        "figures": [None, 320],
        "figure_label": {"es": "personas formadas", "en": "people trained"},
        "target": 18,
        "outcome": "published",
    },
    {
        "city": "Alcaldía de Medellín",
        "track": "Inclusive urban governance",
        "texts": {
            "es": (
                "Observatorio municipal de movilidad humana",
                "Un tablero público con las llegadas por comuna y sus causas, elaborado con "
                "las universidades de la ciudad y sin datos individuales.",
            ),
        },
        "history": ["planned"],
        "target": 24,
        "outcome": "published",
    },
    {
        "city": "Mayor's Office of Bogotá",
        "track": "Access to services",
        "texts": {
            "es": (
                "Centros de atención integral a migrantes en cuatro localidades",
                "Salud, educación, orientación jurídica y empleo en un solo lugar, con "
                "atención sin cita para quien no tiene documentos.",
            ),
        },
        "history": ["under_way"],
        "figures": [21000],
        "figure_label": {"es": "atenciones al año"},
        "target": 12,
        "outcome": "published",
    },
    {
        "city": "Mayor's Office of Bogotá",
        "track": "Labour migration and skills",
        "texts": {
            "es": (
                "Convalidación de títulos técnicos",
                "Aplicaremos el programa nacional de convalidación de títulos para personas "
                "venezolanas.",
            ),
        },
        "history": [],
        "target": 12,
        "outcome": "rejected",
        "reason": (
            "This describes a national programme. Could you say what the city itself will do "
            "(for instance, advice or fee waivers at the city's employment agency)?"
        ),
    },
    {
        "city": "Municipalidad de Rosario",
        "track": "Climate mobility",
        "texts": {
            "es": (
                "Un capítulo de movilidad humana en el plan de adaptación climática",
                "El plan local de acción climática incluirá medidas para las familias que "
                "llegan por inundaciones del Paraná y por la sequía en el campo.",
            ),
            "en": (
                "A human mobility chapter in the climate adaptation plan",
                "The local climate action plan will include measures for families arriving "
                "because of Paraná river floods and drought in the countryside.",
            ),
        },
        "history": ["planned"],
        "target": 18,
        "outcome": "published",
    },
    {
        "city": "Municipalidad de Rosario",
        "track": "Inclusive urban governance",
        "texts": {
            "es": (
                "Mesa de diálogo permanente con organizaciones migrantes",
                "Reuniones trimestrales con las colectividades y organizaciones migrantes, con "
                "actas públicas y seguimiento de cada propuesta.",
            ),
        },
        "history": ["planned"],
        "target": 6,
        "outcome": "pending",
    },
    {
        "city": "City of Los Angeles",
        "track": "Access to services",
        "texts": {
            "es": (
                "Interpretación en todas las oficinas municipales",
                "Interpretación telefónica gratuita en más de 200 idiomas en cada mostrador "
                "municipal, y formularios en lenguaje sencillo.",
            ),
            "en": (
                "Interpretation at every city counter",
                "Free telephone interpretation in more than 200 languages at every city "
                "counter, and forms in plain language.",
            ),
        },
        "history": ["planned", "under_way"],
        "target": 12,
        "outcome": "published",
    },
    {
        "city": "City of Melbourne",
        "track": "Climate mobility",
        "texts": {
            "en": (
                "Overnight heat refuges, no ID needed",
                "Four library hubs stay open overnight on extreme heat days, with water, "
                "seating and a nurse, and no one is asked for identification.",
            ),
        },
        "history": ["planned", "done"],
        "figures": [None, 1900],
        "figure_label": {"en": "overnight visits last summer"},
        "target": 6,
        "outcome": "published",
    },
    {
        "city": "City of Melbourne",
        "track": "Labour migration and skills",
        "texts": {
            "en": (
                "Skills recognition advice at library hubs",
                "Weekly sessions where new arrivals get advice on having their qualifications "
                "recognised in Victoria.",
            ),
        },
        "history": ["planned"],
        "target": 12,
        "outcome": "withdrawn",
    },
    {
        "city": "Surabaya City Government",
        "track": "Climate mobility",
        "texts": {
            "en": (
                "Relocation sites within three kilometres of former homes",
                "Families moved out of flood-prone riverbanks are offered housing close enough "
                "to keep their jobs and schools, chosen with the kampung community.",
            ),
        },
        "history": ["under_way"],
        "figures": [260],
        "figure_label": {"en": "households relocated"},
        "target": 24,
        "outcome": "published",
    },
    {
        "city": "Surabaya City Government",
        "track": "Inclusive urban governance",
        "texts": {
            "en": (
                "Neighbourhood data on new arrivals",
                "Kampung heads record arrivals and their reasons each quarter; the city "
                "publishes the totals by district.",
            ),
        },
        "history": ["planned"],
        "target": 12,
        "outcome": "published",
    },
    {
        "city": "Suva City Council",
        "track": "Climate mobility",
        "texts": {
            "en": (
                "Community-led relocation guidelines for coastal settlements",
                "Guidelines written with the communities of the foreshore settlements on when "
                "and how to relocate, who decides, and how land and church ties are kept.",
            ),
        },
        "history": ["planned", "under_way"],
        "target": 18,
        "outcome": "published",
    },
    {
        "city": "Gaziantep Metropolitan Municipality",
        "track": "Access to services",
        "texts": {
            "en": (
                "Turkish language and vocational classes at the Migration Coordination Centre",
                "Free Turkish courses combined with vocational training, with a certificate "
                "recognised by the provincial education directorate.",
            ),
            "fr": (
                "Cours de turc et formation professionnelle au centre de coordination des "
                "migrations",
                "Des cours de turc gratuits associés à une formation professionnelle, avec un "
                "certificat reconnu par la direction provinciale de l'éducation.",
            ),
        },
        "history": ["under_way", "done"],
        "figures": [1500, 3200],
        "figure_label": {"en": "people certified", "fr": "personnes certifiées"},
        "target": 12,
        "outcome": "published",
    },
    {
        "city": "Gaziantep Metropolitan Municipality",
        "track": "Labour migration and skills",
        "texts": {
            "en": (
                "Green-job apprenticeships in the organised industrial zone",
                "Apprenticeships in energy efficiency and recycling for young refugees and "
                "local youth, paid from the first month.",
            ),
        },
        "history": ["planned"],
        "target": 18,
        "outcome": "pending",
    },
    {
        "city": "São Paulo City Hall",
        "track": "Access to services",
        "texts": {
            "en": (
                "Portuguese classes in every regional reference centre",
                "Portuguese for speakers of other languages in the reference centres for "
                "immigrants, with classes at night and on weekends.",
            ),
            "es": (
                "Clases de portugués en cada centro de referencia regional",
                "Portugués para hablantes de otras lenguas en los centros de referencia para "
                "inmigrantes, con clases nocturnas y los fines de semana.",
            ),
        },
        "history": ["planned", "under_way"],
        "target": 12,
        "outcome": "published",
    },
    {
        "city": "São Paulo City Hall",
        "track": "Inclusive urban governance",
        "texts": {
            "en": (
                "Vote for our immigrant council candidates",
                "See the candidates' pages on the campaign website.",
            ),
        },
        "history": [],
        "target": None,
        "outcome": "rejected",
        "reason": (
            "A pledge describes an action of the city; this text reads as a campaign message. "
            "Please describe the council's role and what the city will do with its advice."
        ),
    },
    {
        "city": "Gemeente Amsterdam",
        "track": "Climate mobility",
        "texts": {
            "en": (
                "City-to-city pairing with Surabaya on flood-resilient neighbourhoods",
                "Two years of exchanges between planners of both cities on relocation and "
                "water-sensitive design.",
            ),
        },
        "history": ["planned"],
        "target": 24,
        "outcome": "endorsement_withdrawn",
    },
]
