"""The demo's call for side events: its guidelines and criteria, the proposals partner
organisations sent, who reviews them and what the organisers decided.

Plain data, no database: ``forum.demo.proposals`` loads it through the services. Organisations
are the directory's slugs (``forum.demo.organisations``), tracks the programme's English track
names (``forum.demo.programme.TRACKS``), days indexes into the event's days (0 = the first).
"""

from dataclasses import dataclass

# What happens to a proposal in the demo.
ACCEPTED = "accepted"
WAITLISTED = "waitlisted"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"  # withdrawn by the proposer after submitting it
WITHDRAWN_DRAFT = "withdrawn_draft"  # withdrawn by the proposer before submitting it
DRAFT = "draft"  # saved, never submitted
PENDING = "pending"  # submitted, no decision yet (a new organisation, a suggested merge)
OUTCOMES = (ACCEPTED, WAITLISTED, REJECTED, WITHDRAWN, WITHDRAWN_DRAFT, DRAFT, PENDING)

# The call, relative to the demo's today: open ten weeks ago, closed four weeks ago (at 23:59,
# event time), two proposals per organisation at most, reviewers do not see who proposes.
OPENS_DAYS_AGO = 70
CLOSES_DAYS_AGO = 28
MAX_PER_ORGANISATION = 2
ANONYMISE = True

GUIDELINES = {
    "en": (
        "The Mayoral Forum on Mobility, Migration and Development invites cities, regional "
        "governments, networks, UN agencies, civil society, academia and migrant-led "
        "organisations to propose side events for its Dakar edition.\n\n"
        "We look for side events that show what cities do, not only what they plan: practices "
        "that can be replicated, results and failures told honestly, and partnerships between "
        "cities and with national governments, agencies and communities. Priority goes to "
        "proposals led or co-led by a local or regional government, and to those that give "
        "the floor to migrants, refugees, displaced people and returnees themselves.\n\n"
        "Formats: side event (60 to 90 minutes, at lunchtime or in the evening), workshop "
        "(90 minutes, hands-on, up to 60 people), panel, and field visits in the Dakar region. "
        "Side events may be held in French, English or Spanish; interpretation is available "
        "in rooms with booths. Each organisation may submit two proposals at most.\n\n"
        "Proposals are reviewed by two committees according to the forum's tracks, without "
        "the reviewers knowing who proposes. Please do not name your organisation in the "
        "title or the abstract."
    ),
    "fr": (
        "Le Forum des maires sur la mobilité, la migration et le développement invite les "
        "villes, les gouvernements régionaux, les réseaux, les agences des Nations Unies, la "
        "société civile, le monde académique et les organisations de personnes migrantes à "
        "proposer des événements parallèles pour son édition de Dakar.\n\n"
        "Nous recherchons des événements qui montrent ce que font les villes, et pas seulement "
        "ce qu'elles prévoient : des pratiques reproductibles, des résultats et des échecs "
        "racontés avec franchise, des partenariats entre villes et avec les gouvernements "
        "nationaux, les agences et les communautés. La priorité va aux propositions portées ou "
        "co-portées par une collectivité locale ou régionale, et à celles qui donnent la parole "
        "aux personnes migrantes, réfugiées, déplacées et de retour elles-mêmes.\n\n"
        "Formats : événement parallèle (60 à 90 minutes, à l'heure du déjeuner ou en soirée), "
        "atelier (90 minutes, participatif, 60 personnes au plus), panel et visites de terrain "
        "dans la région de Dakar. Les événements peuvent se tenir en français, en anglais ou en "
        "espagnol ; l'interprétation est possible dans les salles équipées de cabines. Chaque "
        "organisation peut soumettre deux propositions au plus.\n\n"
        "Les propositions sont évaluées par deux comités selon les thématiques du forum, sans "
        "que les évaluateurs sachent qui propose. Merci de ne pas nommer votre organisation "
        "dans le titre ni dans le résumé."
    ),
    "es": (
        "El Foro de Alcaldes sobre Movilidad, Migración y Desarrollo invita a ciudades, "
        "gobiernos regionales, redes, agencias de las Naciones Unidas, sociedad civil, academia "
        "y organizaciones de personas migrantes a proponer eventos paralelos para su edición "
        "de Dakar.\n\n"
        "Buscamos eventos que muestren lo que hacen las ciudades, no solo lo que planean: "
        "prácticas replicables, resultados y fracasos contados con honestidad, y alianzas entre "
        "ciudades y con gobiernos nacionales, agencias y comunidades. Tienen prioridad las "
        "propuestas lideradas o co-lideradas por un gobierno local o regional, y las que dan la "
        "palabra a las propias personas migrantes, refugiadas, desplazadas y retornadas.\n\n"
        "Formatos: evento paralelo (de 60 a 90 minutos, a mediodía o por la tarde), taller "
        "(90 minutos, participativo, hasta 60 personas), panel y visitas de campo en la región "
        "de Dakar. Los eventos pueden realizarse en francés, inglés o español; hay "
        "interpretación en las salas con cabinas. Cada organización puede presentar dos "
        "propuestas como máximo.\n\n"
        "Dos comités evalúan las propuestas según los ejes temáticos del foro, sin saber quién "
        "las presenta. Por favor, no mencione a su organización en el título ni en el resumen."
    ),
}

# (name, description) per language, weight (1–10): what reviewers score from 0 to 5.
CRITERIA = [
    (
        {
            "en": "Relevance to the forum's themes",
            "fr": "Pertinence pour les thèmes du forum",
            "es": "Pertinencia para los temas del foro",
        },
        {
            "en": "Speaks to the track chosen and to the forum's focus on climate mobility, "
            "access to services and regional free movement.",
            "fr": "Répond à la thématique choisie et aux priorités du forum : mobilité "
            "climatique, accès aux services, libre circulation régionale.",
            "es": "Responde al eje elegido y a las prioridades del foro: movilidad climática, "
            "acceso a los servicios y libre circulación regional.",
        },
        3,
    ),
    (
        {
            "en": "City-led, in partnership",
            "fr": "Portage par une ville, en partenariat",
            "es": "Liderazgo local, en alianza",
        },
        {
            "en": "Led or co-led by a local or regional government; brings together cities, "
            "national authorities, agencies or communities.",
            "fr": "Porté ou co-porté par une collectivité locale ou régionale ; associe villes, "
            "autorités nationales, agences ou communautés.",
            "es": "Liderado o co-liderado por un gobierno local o regional; reúne ciudades, "
            "autoridades nacionales, agencias o comunidades.",
        },
        3,
    ),
    (
        {"en": "Feasibility", "fr": "Faisabilité", "es": "Viabilidad"},
        {
            "en": "Speakers identified, format suited to the time and room, realistic "
            "logistics and languages.",
            "fr": "Intervenants identifiés, format adapté au créneau et à la salle, logistique "
            "et langues réalistes.",
            "es": "Ponentes identificados, formato adecuado al horario y a la sala, logística "
            "e idiomas realistas.",
        },
        2,
    ),
    (
        {
            "en": "Migrants' own voices",
            "fr": "Parole des personnes migrantes",
            "es": "Voz de las personas migrantes",
        },
        {
            "en": "Migrants, refugees, displaced people or returnees speak, not only speak "
            "about them.",
            "fr": "Les personnes migrantes, réfugiées, déplacées ou de retour prennent la "
            "parole, on ne parle pas seulement d'elles.",
            "es": "Las personas migrantes, refugiadas, desplazadas o retornadas toman la "
            "palabra; no solo se habla de ellas.",
        },
        2,
    ),
]

# The two review committees: (team name, tracks they review, reviewers as (username, first
# name, last name, language)). Every track is reviewed by exactly one committee.
REVIEW_TEAMS = [
    (
        "Comité de lecture — Gouvernance et inclusion",
        (
            "Access to services",
            "Inclusive urban governance",
            "Displacement and durable solutions",
            "Youth, gender and participation",
        ),
        (
            ("reviewer1", "Fatoumata", "Bâ", "fr"),
            ("reviewer2", "Jean-Baptiste", "Kaboré", "fr"),
            ("reviewer3", "Carmen", "Vidal", "es"),
        ),
    ),
    (
        "Review committee — Climate, mobility and labour",
        (
            "Climate mobility",
            "Labour migration and skills",
            "Regional free movement",
            "Remittances and migrant entrepreneurship",
        ),
        (
            ("reviewer4", "Priya", "Raman", "en"),
            ("reviewer5", "Thomas", "Okello", "en"),
            ("reviewer6", "Mariana", "Quiroga", "es"),
        ),
    ),
]
REVIEWER_PASSWORD = "demo-reviewer"  # noqa: S105 - documented demo credential, DEBUG only
# A reviewer who sits on the board of a network that proposes and co-organises: the review
# service keeps them off those proposals (conflict of interest).
AFFILIATIONS = [("reviewer2", "cities-of-welcome-network")]

# Reviewers' comments by language and by how good they found the proposal.
COMMENTS = {
    "fr": {
        "high": [
            "Proposition solide, portée par la ville, avec des résultats concrets à partager.",
            "Très pertinent pour Dakar ; les intervenants sont bien choisis.",
            "Excellent équilibre entre élus, praticiens et personnes concernées.",
        ],
        "mid": [
            "Intéressant, mais le lien avec l'action municipale reste à préciser.",
            "Bonne idée ; le format pourrait être plus participatif.",
            "Pertinent, mais proche d'autres sessions du programme.",
        ],
        "low": [
            "Peu de lien avec le rôle des villes ; plutôt une présentation institutionnelle.",
            "Aucune personne migrante parmi les intervenants.",
            "Le format ne convient pas à un événement parallèle du forum.",
        ],
    },
    "en": {
        "high": [
            "Strong, city-led proposal with results to share; clear fit with the track.",
            "Well-chosen speakers, including people with lived experience. Recommend.",
            "Practical and replicable; exactly what the forum is for.",
        ],
        "mid": [
            "Relevant, but the municipal angle needs sharpening.",
            "Good topic; the speaker list is still thin.",
            "Useful, though it overlaps with sessions already in the programme.",
        ],
        "low": [
            "Reads as a product or institutional presentation rather than an exchange.",
            "No local government involved and no migrant voices on the panel.",
            "Weak link to the forum's themes; feasibility unclear.",
        ],
    },
    "es": {
        "high": [
            "Propuesta sólida y liderada por la ciudad, con resultados concretos.",
            "Muy pertinente; combina autoridades locales y personas migrantes.",
            "Práctica replicable y bien presentada. La recomiendo.",
        ],
        "mid": [
            "Interesante, pero falta precisar el papel del gobierno local.",
            "Buen tema; la lista de ponentes aún es corta.",
            "Pertinente, aunque se solapa con otras sesiones del programa.",
        ],
        "low": [
            "Parece más una presentación institucional que un intercambio.",
            "No hay gobiernos locales ni personas migrantes entre los ponentes.",
            "Poca relación con los temas del foro; viabilidad dudosa.",
        ],
    },
}

# The organisers' notes on their bulk decisions.
ACCEPT_NOTE = "Selected by the programme committee after review."
WAITLIST_NOTE = "Good proposal; placed on the waiting list in case a slot frees up."
# The new version of the public programme that adds the accepted side events.
PUBLISH_COMMENT = "Side events selected from the call for proposals."


@dataclass(frozen=True)
class SpeakerRow:
    name: str
    position: str
    organisation: str
    email: str


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    kind: str
    country: str
    website: str


@dataclass(frozen=True)
class ProposalRow:
    key: str  # the demo's own name for the proposal (duplicates point to it)
    organisation: str  # a directory slug; "" for a new organisation
    contact: tuple[str, str, str, str]  # name, position, email, language for emails
    title: dict[str, str]
    abstract: dict[str, str]
    format: str
    track: str
    languages: tuple[str, ...]
    interpretation: tuple[str, ...]
    attendance: int
    days: tuple[int, ...]
    speakers: tuple[SpeakerRow, ...]
    outcome: str
    # Reviewers' scores per criterion (in CRITERIA's order) around which they vary.
    scores: tuple[int, int, int, int] = (3, 3, 3, 3)
    reason: str = ""  # the organisers' reason for a rejection, in the contact's language
    duplicate_of: str = ""  # the key of the proposal this one could be merged with
    co_organisers: tuple[str, ...] = ()
    other_co_organisers: str = ""
    new_organisation: NewOrganisation | None = None
    # Languages the proposer wrote first; a second language is added by a later edit.
    first_languages: tuple[str, ...] = ()


S = SpeakerRow

PROPOSALS = [
    # --- Accepted -------------------------------------------------------------------------
    ProposalRow(
        key="dakar-coast",
        organisation="city-of-dakar",
        contact=("Awa Diop", "Directrice de la résilience urbaine", "a.diop@villededakar.sn", "fr"),
        title={
            "fr": "Dakar, Rufisque, Saint-Louis : les villes côtières face à l'avancée de la mer",
            "en": "Dakar, Rufisque, Saint-Louis: coastal cities facing the rising sea",
        },
        abstract={
            "fr": (
                "L'érosion côtière chasse chaque année des familles de pêcheurs des quartiers "
                "du littoral sénégalais vers les périphéries urbaines. Trois villes présentent "
                "leurs plans de relogement, ce qui a fonctionné et ce qui a échoué. Des "
                "habitantes relogées de Guet Ndar témoignent de leur expérience."
            ),
            "en": (
                "Every year coastal erosion pushes fishing families out of Senegal's seafront "
                "neighbourhoods towards the urban fringe. Three cities present their relocation "
                "plans, what worked and what failed. Women relocated from Guet Ndar speak about "
                "their experience."
            ),
        },
        format="side_event",
        track="Climate mobility",
        languages=("fr",),
        interpretation=("en", "es"),
        attendance=120,
        days=(1,),
        speakers=(
            S(
                "Awa Diop",
                "Directrice de la résilience urbaine",
                "Ville de Dakar",
                "a.diop@villededakar.sn",
            ),
            S(
                "Mamadou Lamine Faye",
                "Adjoint au maire",
                "Ville de Saint-Louis",
                "ml.faye@saintlouis.example.org",
            ),
            S(
                "Ndèye Coumba Sarr",
                "Présidente, association des femmes de Guet Ndar",
                "",
                "nc.sarr@guetndar.example.org",
            ),
        ),
        outcome=ACCEPTED,
        scores=(5, 5, 4, 5),
        co_organisers=("institut-sahelien-des-villes-et-des-migrations",),
        first_languages=("fr",),
    ),
    ProposalRow(
        key="quito-casas",
        organisation="municipality-of-quito",
        contact=(
            "Gabriela Andrade",
            "Directora de Movilidad Humana",
            "gandrade@quito.gob.ec",
            "es",
        ),
        title={"es": "Casas de acogida municipales: diez años del modelo de Quito"},
        abstract={
            "es": (
                "Quito abrió su primera casa de acogida municipal en 2015 y hoy gestiona una red "
                "de cuatro centros con organizaciones de base. La sesión presenta costos, "
                "alianzas y resultados, y lo que la ciudad cambiaría si empezara hoy. Dos "
                "personas acogidas comparten su recorrido."
            )
        },
        format="side_event",
        track="Access to services",
        languages=("es",),
        interpretation=("fr", "en"),
        attendance=90,
        days=(1, 2),
        speakers=(
            S(
                "Gabriela Andrade",
                "Directora de Movilidad Humana",
                "Municipio de Quito",
                "gandrade@quito.gob.ec",
            ),
            S(
                "Luis Yánez",
                "Coordinador, Casa de Acogida La Tola",
                "Municipio de Quito",
                "lyanez@quito.gob.ec",
            ),
            S("Yelitza Mora", "Lideresa comunitaria", "", "ymora@acogida.example.org"),
        ),
        outcome=ACCEPTED,
        scores=(5, 5, 4, 4),
    ),
    ProposalRow(
        key="kampala-skills",
        organisation="kampala-capital-city-authority",
        contact=(
            "Brian Ssemwogerere",
            "Manager, Urban Livelihoods",
            "bssemwogerere@kcca.go.ug",
            "en",
        ),
        title={"en": "A skills passport for informal workers on the move"},
        abstract={
            "en": (
                "Kampala's markets and building sites run on workers from rural Uganda, South "
                "Sudan and the DRC whose skills no certificate shows. In this workshop KCCA and "
                "vocational schools test a city-issued skills passport with participants, using "
                "real cases from three markets."
            )
        },
        format="workshop",
        track="Labour migration and skills",
        languages=("en",),
        interpretation=("fr",),
        attendance=45,
        days=(2,),
        speakers=(
            S(
                "Brian Ssemwogerere",
                "Manager, Urban Livelihoods",
                "Kampala Capital City Authority",
                "bssemwogerere@kcca.go.ug",
            ),
            S(
                "Grace Atim",
                "Principal, Nakawa Vocational Institute",
                "",
                "g.atim@nakawa.example.org",
            ),
        ),
        outcome=ACCEPTED,
        scores=(5, 4, 5, 4),
    ),
    ProposalRow(
        key="montreal-conseil",
        organisation="ville-de-montreal",
        contact=(
            "Isabelle Tremblay",
            "Conseillère, Bureau d'intégration des nouveaux arrivants",
            "isabelle.tremblay@montreal.ca",
            "fr",
        ),
        title={
            "fr": "Du conseil consultatif à la codécision : les personnes immigrantes à l'hôtel "
            "de ville"
        },
        abstract={
            "fr": (
                "Montréal, Grenoble et Kigali comparent leurs instances de participation des "
                "résidents immigrants. Qu'est-ce qui donne un vrai pouvoir à ces conseils : un "
                "budget, un droit de saisine, une place au conseil municipal ? Des membres de "
                "ces conseils débattent avec des élus."
            )
        },
        format="panel",
        track="Inclusive urban governance",
        languages=("fr",),
        interpretation=("en", "es"),
        attendance=110,
        days=(1,),
        speakers=(
            S(
                "Isabelle Tremblay",
                "Conseillère",
                "Ville de Montréal",
                "isabelle.tremblay@montreal.ca",
            ),
            S(
                "Karim Benhaddou",
                "Membre du Conseil interculturel",
                "Ville de Montréal",
                "k.benhaddou@cim.example.org",
            ),
            S(
                "Élise Garnier",
                "Adjointe à l'hospitalité",
                "Ville de Grenoble",
                "elise.garnier@grenoble.fr",
            ),
            S(
                "Jean-Paul Habimana",
                "Youth councillor",
                "City of Kigali",
                "jp.habimana@kigalicity.gov.rw",
            ),
        ),
        outcome=ACCEPTED,
        scores=(4, 5, 4, 5),
    ),
    ProposalRow(
        key="bogota-integracion",
        organisation="mayors-office-of-bogota",
        contact=(
            "Camilo Rincón",
            "Asesor de Integración Migratoria",
            "crincon@bogota.gov.co",
            "es",
        ),
        title={
            "es": "De la emergencia a la integración: ocho años de respuesta urbana a la "
            "migración venezolana",
            "en": "From emergency to integration: eight years of urban response to Venezuelan "
            "migration",
        },
        abstract={
            "es": (
                "Bogotá acoge a más de 600 000 personas venezolanas. La ciudad pasó de "
                "albergues de emergencia a la regularización, el empleo y la vivienda. El evento "
                "reúne a la Alcaldía, a Lima y a organizaciones de personas migrantes para "
                "hablar de lo que significa una solución duradera en la ciudad."
            ),
            "en": (
                "Bogotá is home to more than 600,000 Venezuelans. The city moved from emergency "
                "shelters to regularisation, jobs and housing. The event brings together the "
                "Mayor's Office, Lima and migrant-led organisations to discuss what a durable "
                "solution means in a city."
            ),
        },
        format="side_event",
        track="Displacement and durable solutions",
        languages=("es", "en"),
        interpretation=("fr",),
        attendance=130,
        days=(1, 2),
        speakers=(
            S(
                "Camilo Rincón",
                "Asesor de Integración Migratoria",
                "Alcaldía de Bogotá",
                "crincon@bogota.gov.co",
            ),
            S(
                "Rosa Elena Paredes",
                "Gerente de Inclusión Social",
                "Municipalidad de Lima",
                "rparedes@munlima.gob.pe",
            ),
            S(
                "Daniela Ochoa",
                "Directora",
                "Colectivo Venezolanos en Bogotá",
                "d.ochoa@venbogota.example.org",
            ),
        ),
        outcome=ACCEPTED,
        scores=(5, 5, 4, 4),
        co_organisers=("municipalidad-de-lima",),
        first_languages=("es",),
    ),
    ProposalRow(
        key="freetown-heat",
        organisation="freetown-city-council",
        contact=("Eku Kamara", "Chief Heat Officer", "ekamara@fcc.gov.sl", "en"),
        title={"en": "Heat, floods and informal settlements: who moves, who stays?"},
        abstract={
            "en": (
                "Freetown's hillside and coastal settlements face deadly floods and rising "
                "heat. The city's Chief Heat Officer, residents of Kroo Bay and a climate "
                "finance expert discuss shade markets, early warning and the choice between "
                "staying safely and relocating."
            )
        },
        format="side_event",
        track="Climate mobility",
        languages=("en",),
        interpretation=("fr",),
        attendance=80,
        days=(1, 2),
        speakers=(
            S("Eku Kamara", "Chief Heat Officer", "Freetown City Council", "ekamara@fcc.gov.sl"),
            S(
                "Mariatu Sesay",
                "Chair, Kroo Bay Community Committee",
                "",
                "m.sesay@kroobay.example.org",
            ),
            S(
                "Olusegun Adeyemi",
                "Climate finance adviser",
                "Intercity Development Fund",
                "o.adeyemi@idf.example.org",
            ),
        ),
        outcome=ACCEPTED,
        scores=(5, 4, 4, 5),
    ),
    ProposalRow(
        key="cwn-standard",
        organisation="cities-of-welcome-network",
        contact=(
            "Sophie Lambert",
            "Coordinatrice des programmes",
            "s.lambert@cwn.example.org",
            "fr",
        ),
        title={
            "fr": "Une norme des villes accueillantes : atelier d'évaluation entre pairs",
            "en": "A welcoming cities standard: a peer review workshop",
        },
        abstract={
            "fr": (
                "Le réseau a élaboré avec douze villes une grille d'auto-évaluation de "
                "l'accueil municipal. En atelier, des équipes de villes l'appliquent à un cas "
                "réel et se critiquent mutuellement, avec des représentants d'associations de "
                "migrants."
            ),
            "en": (
                "With twelve cities the network drew up a self-assessment grid for municipal "
                "reception. In this workshop city teams apply it to a real case and review each "
                "other, with representatives of migrant associations."
            ),
        },
        format="workshop",
        track="Inclusive urban governance",
        languages=("fr", "en"),
        interpretation=(),
        attendance=40,
        days=(2,),
        speakers=(
            S(
                "Sophie Lambert",
                "Coordinatrice des programmes",
                "Cities of Welcome Network",
                "s.lambert@cwn.example.org",
            ),
            S(
                "Hamza El Idrissi",
                "Chargé de mission",
                "Commune de Marrakech",
                "h.elidrissi@ville-marrakech.ma",
            ),
        ),
        outcome=ACCEPTED,
        scores=(4, 4, 5, 5),
        co_organisers=("commune-of-marrakech",),
    ),
    ProposalRow(
        key="myvc-codesign",
        organisation="migrant-youth-voices-collective",
        contact=("Amani Wekesa", "Programme lead", "amani@myvc.example.org", "en"),
        title={"en": "Nothing about us without us: young migrants co-design city services"},
        abstract={
            "en": (
                "Young migrants from Mombasa, Nairobi and Dakar run this workshop. Participants "
                "redesign a city youth service, from the first visit to the follow-up, with the "
                "young people who use it. The results go to the forum's rapporteurs."
            )
        },
        format="workshop",
        track="Youth, gender and participation",
        languages=("en",),
        interpretation=(),
        attendance=20,
        days=(2,),
        speakers=(
            S(
                "Amani Wekesa",
                "Programme lead",
                "Migrant Youth Voices Collective",
                "amani@myvc.example.org",
            ),
            S(
                "Fatou Kiné Ndour",
                "Youth facilitator",
                "Migrant Youth Voices Collective",
                "fk.ndour@myvc.example.org",
            ),
        ),
        outcome=ACCEPTED,
        scores=(5, 3, 5, 5),
        co_organisers=("nairobi-city-county",),
    ),
    ProposalRow(
        key="rca-lideresas",
        organisation="red-ciudadana-de-acogida",
        contact=("Paola Cárdenas", "Coordinadora nacional", "pcardenas@rca.example.org", "es"),
        title={"es": "Mujeres migrantes lideresas: redes comunitarias de acogida en Medellín"},
        abstract={
            "es": (
                "En los barrios de Medellín, mujeres migrantes y retornadas sostienen redes "
                "de acogida que la Alcaldía ahora financia. Ellas mismas cuentan cómo funcionan "
                "y qué necesitan de las autoridades locales para seguir."
            )
        },
        format="side_event",
        track="Youth, gender and participation",
        languages=("es",),
        interpretation=("en", "fr"),
        attendance=70,
        days=(1,),
        speakers=(
            S(
                "Paola Cárdenas",
                "Coordinadora nacional",
                "Red Ciudadana de Acogida",
                "pcardenas@rca.example.org",
            ),
            S("Yusmary Rondón", "Lideresa comunitaria", "", "yrondon@rca.example.org"),
            S(
                "Alejandra Gómez",
                "Secretaria de Inclusión Social",
                "Alcaldía de Medellín",
                "agomez@medellin.gov.co",
            ),
        ),
        outcome=ACCEPTED,
        scores=(4, 4, 4, 5),
    ),
    ProposalRow(
        key="senegal-baos",
        organisation="ministry-of-interior-and-decentralisation-of-senegal",
        contact=(
            "Ibrahima Thiam",
            "Chef de la division migrations et collectivités",
            "i.thiam@interieur.gouv.sn",
            "fr",
        ),
        title={
            "fr": "Visite de terrain : le bureau d'accueil des Sénégalais de retour",
            "es": "Visita de campo: la oficina de acogida de senegaleses retornados",
        },
        abstract={
            "fr": (
                "Visite du bureau d'accueil, d'orientation et de suivi des migrants de retour, "
                "géré avec la Ville de Dakar. Les participants rencontrent l'équipe et des "
                "personnes revenues de Libye et d'Espagne qui ont créé leur activité."
            ),
            "es": (
                "Visita a la oficina de acogida, orientación y seguimiento de personas "
                "migrantes retornadas, gestionada con la Ciudad de Dakar. Los participantes "
                "conocen al equipo y a personas que volvieron de Libia y España y crearon su "
                "propio negocio."
            ),
        },
        format="field_visit",
        track="Displacement and durable solutions",
        languages=("fr",),
        interpretation=(),
        attendance=25,
        days=(2,),
        speakers=(
            S(
                "Ibrahima Thiam",
                "Chef de division",
                "Ministère de l'Intérieur",
                "i.thiam@interieur.gouv.sn",
            ),
            S(
                "Ousseynou Badji",
                "Entrepreneur, ancien migrant de retour",
                "",
                "o.badji@retour.example.org",
            ),
        ),
        outcome=ACCEPTED,
        scores=(5, 4, 4, 5),
        co_organisers=("city-of-dakar",),
    ),
    ProposalRow(
        key="idf-diaspora",
        organisation="intercity-development-fund",
        contact=("Hannah Weiss", "Head of City Finance", "h.weiss@idf.example.org", "en"),
        title={"en": "Diaspora bonds and hometown investment: a city finance clinic"},
        abstract={
            "en": (
                "Diaspora savings are many times larger than aid, yet few cities can receive "
                "them as investment. Finance officers from Accra, Dhaka and Gaziantep bring one "
                "project each; the panel works through how to structure it with diaspora "
                "associations."
            )
        },
        format="panel",
        track="Remittances and migrant entrepreneurship",
        languages=("en",),
        interpretation=("fr", "es"),
        attendance=100,
        days=(2,),
        speakers=(
            S(
                "Hannah Weiss",
                "Head of City Finance",
                "Intercity Development Fund",
                "h.weiss@idf.example.org",
            ),
            S(
                "Kofi Owusu",
                "Finance director",
                "Accra Metropolitan Assembly",
                "k.owusu@ama.gov.gh",
            ),
            S(
                "Nusrat Jahan",
                "Revenue officer",
                "Dhaka North City Corporation",
                "n.jahan@dncc.gov.bd",
            ),
            S(
                "Emre Aksoy",
                "Head of Migration Affairs",
                "Gaziantep Metropolitan Municipality",
                "e.aksoy@gaziantep.bel.tr",
            ),
        ),
        outcome=ACCEPTED,
        scores=(4, 5, 4, 4),
        co_organisers=("accra-metropolitan-assembly",),
    ),
    ProposalRow(
        key="miums-data",
        organisation="meridian-institute-for-urban-migration-studies",
        contact=("Pieter de Vries", "Senior researcher", "p.devries@miums.example.org", "en"),
        title={"en": "Counting those who count: a city standard for migration data"},
        abstract={
            "en": (
                "Most cities do not know how many migrants live in them, or rely on outdated "
                "national estimates. With Quezon City and Athens, the institute tests a light "
                "municipal data standard built on service records. Participants map their own "
                "data sources."
            )
        },
        format="workshop",
        track="Inclusive urban governance",
        languages=("en",),
        interpretation=("es",),
        attendance=50,
        days=(1, 2),
        speakers=(
            S(
                "Pieter de Vries",
                "Senior researcher",
                "Meridian Institute",
                "p.devries@miums.example.org",
            ),
            S(
                "Ramon Dizon",
                "Head, City Planning Data Unit",
                "Quezon City Government",
                "r.dizon@quezoncity.gov.ph",
            ),
            S(
                "Eleni Papadopoulou",
                "Data officer",
                "City of Athens",
                "e.papadopoulou@cityofathens.gr",
            ),
        ),
        outcome=ACCEPTED,
        scores=(4, 4, 5, 4),
        co_organisers=("quezon-city-government", "city-of-athens"),
    ),
    ProposalRow(
        key="accra-traders",
        organisation="accra-metropolitan-assembly",
        contact=("Abena Boateng", "Director, Markets Department", "a.boateng@ama.gov.gh", "en"),
        title={
            "en": "ECOWAS free movement at market level: Accra's cross-border traders",
            "fr": "La libre circulation de la CEDEAO au marché : les commerçantes "
            "transfrontalières d'Accra",
        },
        abstract={
            "en": (
                "Makola market depends on traders from Togo, Burkina Faso and Nigeria who "
                "cross borders every week. Market queens, the city and border officials discuss "
                "what free movement means in practice: fees, harassment, childcare and storage."
            ),
            "fr": (
                "Le marché de Makola vit grâce à des commerçantes du Togo, du Burkina Faso et "
                "du Nigeria qui passent les frontières chaque semaine. Reines du marché, ville "
                "et agents des frontières débattent de la libre circulation au quotidien : "
                "taxes, tracasseries, garde d'enfants et stockage."
            ),
        },
        format="side_event",
        track="Regional free movement",
        languages=("en", "fr"),
        interpretation=("es",),
        attendance=90,
        days=(1,),
        speakers=(
            S(
                "Abena Boateng",
                "Director, Markets Department",
                "Accra Metropolitan Assembly",
                "a.boateng@ama.gov.gh",
            ),
            S("Afi Mensah", "Market queen, Makola", "", "afi.mensah@makola.example.org"),
            S(
                "Moussa Ouédraogo",
                "Chargé de la libre circulation",
                "Commune de Ouagadougou",
                "m.ouedraogo@mairie-ouaga.bf",
            ),
        ),
        outcome=ACCEPTED,
        scores=(5, 4, 4, 4),
        first_languages=("en",),
    ),
    ProposalRow(
        key="gaziantep-business",
        organisation="gaziantep-metropolitan-municipality",
        contact=("Zeynep Kaya", "Migration Affairs Coordinator", "z.kaya@gaziantep.bel.tr", "en"),
        title={"en": "From survival to growth: Syrian-owned businesses in Gaziantep"},
        abstract={
            "en": (
                "More than 4,000 businesses in Gaziantep are owned by Syrians. The municipality "
                "and the chamber of commerce explain how licensing, shared workshops and mixed "
                "Turkish-Syrian business associations helped them grow, and what still holds "
                "women entrepreneurs back."
            )
        },
        format="side_event",
        track="Remittances and migrant entrepreneurship",
        languages=("en",),
        interpretation=("fr",),
        attendance=70,
        days=(2,),
        speakers=(
            S(
                "Zeynep Kaya",
                "Migration Affairs Coordinator",
                "Gaziantep Metropolitan Municipality",
                "z.kaya@gaziantep.bel.tr",
            ),
            S("Rami Al-Hamwi", "Owner, textile workshop", "", "r.alhamwi@antep.example.org"),
            S("Selin Doğan", "Chamber of Commerce", "", "s.dogan@gto.example.org"),
        ),
        outcome=ACCEPTED,
        scores=(4, 5, 4, 4),
    ),
    ProposalRow(
        key="barcelona-padron",
        organisation="barcelona-city-council",
        contact=("Núria Puig", "Comisionada de Inmigración", "npuig@bcn.cat", "es"),
        title={
            "es": "Empadronar sin domicilio: registrar a todas las personas para abrir los "
            "servicios",
            "en": "Registering residents without an address: the door to city services",
        },
        abstract={
            "es": (
                "El padrón municipal abre el acceso a la salud, la escuela y la regularización. "
                "Barcelona empadrona a personas sin domicilio fijo mediante direcciones "
                "ficticias de servicios sociales. La sesión explica el procedimiento y debate "
                "su aplicación en otras ciudades."
            ),
            "en": (
                "Municipal registration opens access to health care, school and "
                "regularisation. Barcelona registers people with no fixed address through "
                "social services addresses. The session explains how, and discusses how other "
                "cities could do the same."
            ),
        },
        format="side_event",
        track="Access to services",
        languages=("es",),
        interpretation=("en", "fr"),
        attendance=100,
        days=(1,),
        speakers=(
            S(
                "Núria Puig",
                "Comisionada de Inmigración",
                "Ajuntament de Barcelona",
                "npuig@bcn.cat",
            ),
            S(
                "Oriol Ferrer",
                "Jefe del Servicio de Atención a Inmigrantes",
                "Ajuntament de Barcelona",
                "oferrer@bcn.cat",
            ),
            S(
                "Mamadou Sy",
                "Portavoz",
                "Sindicato de Manteros de Barcelona",
                "m.sy@manteros.example.org",
            ),
        ),
        outcome=ACCEPTED,
        scores=(5, 5, 5, 4),
    ),
    # --- Waiting list ---------------------------------------------------------------------
    ProposalRow(
        key="lima-salud-mental",
        organisation="municipalidad-de-lima",
        contact=("Jorge Salazar", "Subgerente de Salud", "jsalazar@munlima.gob.pe", "es"),
        title={"es": "Salud mental en movimiento: atención psicosocial municipal en Lima"},
        abstract={
            "es": (
                "Lima abrió consultas psicosociales en sus centros de salud municipales para "
                "personas migrantes y para la población de acogida. La sesión presenta el "
                "modelo y sus primeras cifras."
            )
        },
        format="side_event",
        track="Access to services",
        languages=("es",),
        interpretation=("en",),
        attendance=60,
        days=(1, 2),
        speakers=(
            S(
                "Jorge Salazar",
                "Subgerente de Salud",
                "Municipalidad de Lima",
                "jsalazar@munlima.gob.pe",
            ),
            S("Carla Huamán", "Psicóloga", "Municipalidad de Lima", "chuaman@munlima.gob.pe"),
        ),
        outcome=WAITLISTED,
        scores=(4, 4, 3, 3),
    ),
    ProposalRow(
        key="athens-housing",
        organisation="city-of-athens",
        contact=(
            "Nikos Georgiou",
            "Deputy Mayor for Migrants and Refugees",
            "n.georgiou@cityofathens.gr",
            "en",
        ),
        title={"en": "After the programme ends: refugee housing in Athens"},
        abstract={
            "en": (
                "When the EU-funded housing programme closed, thousands of refugees in Athens "
                "had to leave their flats. The city discusses what it kept, what it lost and "
                "how municipal housing can take over."
            )
        },
        format="side_event",
        track="Displacement and durable solutions",
        languages=("en",),
        interpretation=("fr",),
        attendance=60,
        days=(1,),
        speakers=(
            S(
                "Nikos Georgiou",
                "Deputy Mayor for Migrants and Refugees",
                "City of Athens",
                "n.georgiou@cityofathens.gr",
            ),
            S("Layla Haddad", "Housing officer", "City of Athens", "l.haddad@cityofathens.gr"),
        ),
        outcome=WAITLISTED,
        scores=(4, 4, 3, 3),
    ),
    ProposalRow(
        key="grenoble-hospitalite",
        organisation="ville-de-grenoble",
        contact=(
            "Claire Rousseau",
            "Chargée de mission hospitalité",
            "c.rousseau@grenoble.fr",
            "fr",
        ),
        title={"fr": "Municipalisme de l'hospitalité : ce que les villes peuvent faire seules"},
        abstract={
            "fr": (
                "Hébergement d'urgence, domiciliation, accès à la cantine : des villes "
                "françaises agissent sans attendre l'État. Débat avec le réseau des villes "
                "accueillantes et des associations de personnes exilées."
            )
        },
        format="panel",
        track="Inclusive urban governance",
        languages=("fr",),
        interpretation=("en",),
        attendance=80,
        days=(1, 2),
        speakers=(
            S(
                "Claire Rousseau",
                "Chargée de mission hospitalité",
                "Ville de Grenoble",
                "c.rousseau@grenoble.fr",
            ),
            S("Thomas Girard", "Adjoint au maire", "Ville de Grenoble", "t.girard@grenoble.fr"),
            S(
                "Aboubacar Camara",
                "Porte-parole",
                "Collectif des exilés de l'Isère",
                "a.camara@exiles38.example.org",
            ),
        ),
        outcome=WAITLISTED,
        scores=(4, 4, 3, 4),
        co_organisers=("cities-of-welcome-network",),
    ),
    ProposalRow(
        key="dhaka-arrivals",
        organisation="dhaka-north-city-corporation",
        contact=("Tanvir Ahmed", "Chief Urban Planner", "t.ahmed@dncc.gov.bd", "en"),
        title={"en": "Planning for arrivals: climate migrants in Dhaka's informal settlements"},
        abstract={
            "en": (
                "Every day, families displaced by river erosion and cyclones arrive in Dhaka. "
                "DNCC shows how it started counting and serving them in its slum upgrading "
                "programme."
            )
        },
        format="side_event",
        track="Climate mobility",
        languages=("en",),
        interpretation=(),
        attendance=70,
        days=(2,),
        speakers=(
            S(
                "Tanvir Ahmed",
                "Chief Urban Planner",
                "Dhaka North City Corporation",
                "t.ahmed@dncc.gov.bd",
            ),
        ),
        outcome=WAITLISTED,
        scores=(4, 4, 3, 3),
    ),
    ProposalRow(
        key="montevideo-mercosur",
        organisation="municipalidad-de-montevideo",
        contact=(
            "Valeria Suárez",
            "Directora de Relaciones Internacionales",
            "vsuarez@imm.gub.uy",
            "es",
        ),
        title={"es": "El Acuerdo de Residencia del Mercosur en la práctica municipal"},
        abstract={
            "es": (
                "El acuerdo permite residir y trabajar en otro país del bloque, pero su "
                "aplicación depende de trámites locales. Montevideo y ciudades vecinas comparan "
                "sus ventanillas y sus obstáculos."
            )
        },
        format="side_event",
        track="Regional free movement",
        languages=("es",),
        interpretation=("en",),
        attendance=50,
        days=(1, 2),
        speakers=(
            S(
                "Valeria Suárez",
                "Directora de Relaciones Internacionales",
                "Intendencia de Montevideo",
                "vsuarez@imm.gub.uy",
            ),
            S(
                "Martín Acosta",
                "Coordinador de Migraciones",
                "Municipalidad de Rosario",
                "macosta@rosario.gob.ar",
            ),
        ),
        outcome=WAITLISTED,
        scores=(4, 3, 4, 3),
    ),
    # --- Not accepted ---------------------------------------------------------------------
    ProposalRow(
        key="atlas-platform",
        organisation="atlas-mobility-partners",
        contact=(
            "Yassine Alaoui",
            "Directeur commercial",
            "y.alaoui@atlasmobility.example.com",
            "fr",
        ),
        title={"fr": "Recrutement international éthique : présentation de notre plateforme"},
        abstract={
            "fr": (
                "Notre plateforme met en relation des employeurs européens et des travailleurs "
                "qualifiés d'Afrique du Nord et de l'Ouest. Démonstration en direct et "
                "témoignages de clients."
            )
        },
        format="side_event",
        track="Labour migration and skills",
        languages=("fr",),
        interpretation=(),
        attendance=40,
        days=(0,),
        speakers=(
            S(
                "Yassine Alaoui",
                "Directeur commercial",
                "Atlas Mobility Partners",
                "y.alaoui@atlasmobility.example.com",
            ),
        ),
        outcome=REJECTED,
        scores=(2, 1, 3, 0),
        reason="Présentation commerciale d'un service : hors du cadre des événements parallèles.",
    ),
    ProposalRow(
        key="harbourline-app",
        organisation="harbourline-remittance-services",
        contact=("Maria Santos", "Partnerships manager", "m.santos@harbourline.example.com", "en"),
        title={"en": "Launch of a zero-fee remittance app for migrant workers"},
        abstract={
            "en": (
                "Harbourline launches its new app at the forum, with a live demonstration and "
                "a reception for partners. Mayors are invited to sign up their city as pilot partners."
            )
        },
        format="side_event",
        track="Remittances and migrant entrepreneurship",
        languages=("en",),
        interpretation=(),
        attendance=150,
        days=(0, 1),
        speakers=(
            S(
                "Maria Santos",
                "Partnerships manager",
                "Harbourline Remittance Services",
                "m.santos@harbourline.example.com",
            ),
            S(
                "Paolo Reyes",
                "Chief Executive",
                "Harbourline Remittance Services",
                "p.reyes@harbourline.example.com",
            ),
        ),
        outcome=REJECTED,
        scores=(2, 0, 3, 1),
        reason="A product launch rather than an exchange between cities.",
    ),
    ProposalRow(
        key="ledger-masterclass",
        organisation="the-urban-ledger",
        contact=("James Whitfield", "Editor", "j.whitfield@urbanledger.example.com", "en"),
        title={"en": "Telling migration stories: a masterclass for city communicators"},
        abstract={
            "en": (
                "Our editors share techniques for writing about migration without stereotypes, "
                "with examples from our reporting. Participants rewrite a real press release."
            )
        },
        format="workshop",
        track="Inclusive urban governance",
        languages=("en",),
        interpretation=(),
        attendance=30,
        days=(1,),
        speakers=(
            S(
                "James Whitfield",
                "Editor",
                "The Urban Ledger",
                "j.whitfield@urbanledger.example.com",
            ),
        ),
        outcome=REJECTED,
        scores=(3, 1, 3, 1),
        reason="No city involved; better suited to the press programme.",
    ),
    ProposalRow(
        key="swiss-partnerships",
        organisation="federal-foreign-office-of-switzerland",
        contact=(
            "Sophie Rochat",
            "Programme Manager, Urban Migration",
            "sophie.rochat@eda.admin.ch",
            "fr",
        ),
        title={
            "fr": "Les partenariats migratoires de la Suisse : bilan et perspectives",
            "en": "Switzerland's migration partnerships: review and outlook",
        },
        abstract={
            "fr": (
                "Présentation des partenariats migratoires conclus par la Suisse avec des pays "
                "d'Afrique de l'Ouest et des Balkans, et de leurs résultats. Un diplomate et un expert "
                "de la coopération répondent aux questions."
            ),
            "en": (
                "A presentation of the migration partnerships Switzerland signed with countries "
                "of West Africa and the Balkans, and of their results. A diplomat and a cooperation "
                "expert answer questions."
            ),
        },
        format="panel",
        track="Regional free movement",
        languages=("fr", "en"),
        interpretation=("es",),
        attendance=80,
        days=(1,),
        speakers=(
            S(
                "Andreas Keller",
                "Ambassador for Migration",
                "Federal Foreign Office",
                "andreas.keller@eda.admin.ch",
            ),
            S(
                "Sophie Rochat",
                "Programme Manager, Urban Migration",
                "Federal Foreign Office",
                "sophie.rochat@eda.admin.ch",
            ),
        ),
        outcome=REJECTED,
        scores=(3, 1, 4, 1),
        reason="Perspective nationale sans ville partenaire ; nous vous proposons d'intervenir "
        "en plénière.",
    ),
    ProposalRow(
        key="sre-plan",
        organisation="secretaria-de-relaciones-exteriores",
        contact=(
            "Beatriz Hernández",
            "Directora de Asuntos Migratorios",
            "bhernandez@sre.gob.mx",
            "es",
        ),
        title={"es": "Presentación de la política migratoria nacional de México"},
        abstract={
            "es": (
                "La Secretaría presenta los ejes de la política migratoria nacional y sus "
                "programas de cooperación regional. Al final se abre un espacio de preguntas."
            )
        },
        format="panel",
        track="Regional free movement",
        languages=("es",),
        interpretation=("en", "fr"),
        attendance=120,
        days=(0,),
        speakers=(
            S("Rafael Castillo", "Director General de Protección", "SRE", "rcastillo@sre.gob.mx"),
        ),
        outcome=REJECTED,
        scores=(3, 1, 3, 1),
        reason="Presentación de política nacional sin dimensión local.",
    ),
    ProposalRow(
        key="uamh-libro",
        organisation="universidad-andina-de-movilidad-humana",
        contact=("Diego Villacís", "Investigador principal", "dvillacis@uamh.example.org", "es"),
        title={"es": "Presentación del libro «Ciudades y desplazamiento en los Andes»"},
        abstract={
            "es": (
                "Presentación de una obra colectiva sobre el desplazamiento interno en ciudades "
                "andinas. Los autores comentan sus conclusiones."
            )
        },
        format="side_event",
        track="Displacement and durable solutions",
        languages=("es",),
        interpretation=(),
        attendance=40,
        days=(2,),
        speakers=(
            S("Diego Villacís", "Investigador principal", "UAMH", "dvillacis@uamh.example.org"),
            S("Ana Lucía Cevallos", "Coautora", "UAMH", "acevallos@uamh.example.org"),
        ),
        outcome=REJECTED,
        scores=(3, 1, 3, 2),
        reason="Presentación de libro: el formato no favorece el intercambio.",
    ),
    ProposalRow(
        key="cdmx-modulos",
        organisation="mexico-city-government",
        contact=("Fernanda Ruiz", "Directora de Atención a Migrantes", "fruiz@cdmx.gob.mx", "es"),
        title={"es": "Módulos de atención a personas en movilidad en la Ciudad de México"},
        abstract={
            "es": (
                "La Ciudad de México presenta sus módulos de atención en albergues y "
                "terminales de autobuses: trámites, salud y orientación laboral en un solo "
                "lugar. Se presentan las cifras de atención del último año."
            )
        },
        format="side_event",
        track="Access to services",
        languages=("es",),
        interpretation=(),
        attendance=60,
        days=(1,),
        speakers=(
            S(
                "Fernanda Ruiz",
                "Directora de Atención a Migrantes",
                "Gobierno de la Ciudad de México",
                "fruiz@cdmx.gob.mx",
            ),
        ),
        outcome=REJECTED,
        scores=(3, 4, 2, 2),
        reason="Tema ya cubierto por el panel sobre centros municipales de acogida; le "
        "invitamos a intervenir en él.",
    ),
    ProposalRow(
        key="berlin-skilled",
        organisation="senate-department-for-integration-berlin",
        contact=("Lena Hoffmann", "Policy officer", "lena.hoffmann@senias.berlin.de", "en"),
        title={"en": "Implementing the new skilled immigration law at Land level"},
        abstract={
            "en": (
                "Berlin's Senate Department explains how it implements the federal skilled "
                "immigration law. Recognition offices, fast-track procedures and staffing are "
                "discussed."
            )
        },
        format="panel",
        track="Labour migration and skills",
        languages=("en",),
        interpretation=("fr",),
        attendance=60,
        days=(1,),
        speakers=(
            S(
                "Lena Hoffmann",
                "Policy officer",
                "Senate Department for Integration",
                "lena.hoffmann@senias.berlin.de",
            ),
            S(
                "Jonas Weber",
                "Head of Recognition Office",
                "Senate Department for Integration",
                "jonas.weber@senias.berlin.de",
            ),
        ),
        outcome=REJECTED,
        scores=(3, 3, 3, 1),
        reason="Too close to the panel on recognising foreign qualifications.",
    ),
    ProposalRow(
        key="nairobi-mathare",
        organisation="nairobi-city-county",
        contact=("Wanjiru Kamau", "Director, Social Services", "w.kamau@nairobi.go.ke", "en"),
        title={"en": "Field visit: youth-led recycling in Mathare"},
        abstract={
            "en": (
                "A visit to youth groups in Mathare who turned waste collection into jobs for "
                "young migrants from rural Kenya. Participants meet the groups and the county's "
                "social services."
            )
        },
        format="field_visit",
        track="Youth, gender and participation",
        languages=("en",),
        interpretation=(),
        attendance=25,
        days=(2,),
        speakers=(
            S(
                "Wanjiru Kamau",
                "Director, Social Services",
                "Nairobi City County",
                "w.kamau@nairobi.go.ke",
            ),
        ),
        outcome=REJECTED,
        scores=(4, 4, 0, 4),
        reason="Field visits must take place in the Dakar region.",
    ),
    ProposalRow(
        key="capetown-water",
        organisation="city-of-cape-town",
        contact=("Thandiwe Nkosi", "Resilience officer", "t.nkosi@capetown.gov.za", "en"),
        title={"en": "Day Zero revisited: water scarcity and the city"},
        abstract={
            "en": (
                "Lessons from Cape Town's water crisis for cities facing drought, with a focus "
                "on demand management. The city's resilience team presents its new drought plan."
            )
        },
        format="side_event",
        track="Climate mobility",
        languages=("en",),
        interpretation=(),
        attendance=60,
        days=(1, 2),
        speakers=(
            S(
                "Thandiwe Nkosi",
                "Resilience officer",
                "City of Cape Town",
                "t.nkosi@capetown.gov.za",
            ),
        ),
        outcome=REJECTED,
        scores=(1, 4, 3, 1),
        reason="Weak link to human mobility.",
    ),
    ProposalRow(
        key="marrakech-transit",
        organisation="commune-of-marrakech",
        contact=(
            "Nadia Berrada",
            "Chargée des relations internationales",
            "n.berrada@ville-marrakech.ma",
            "fr",
        ),
        title={"fr": "Marrakech, ville de transit devenue ville de destination"},
        abstract={
            "fr": (
                "La commune présente l'évolution de la présence de migrants subsahariens dans "
                "la ville. Un élu présente les projets de la commune."
            )
        },
        format="side_event",
        track="Regional free movement",
        languages=("fr",),
        interpretation=(),
        attendance=50,
        days=(0,),
        speakers=(
            S(
                "Nadia Berrada",
                "Chargée des relations internationales",
                "Commune de Marrakech",
                "n.berrada@ville-marrakech.ma",
            ),
        ),
        outcome=REJECTED,
        scores=(3, 3, 1, 1),
        reason="Proposition trop peu détaillée ; aucun intervenant extérieur identifié.",
    ),
    ProposalRow(
        key="radio-sahel-live",
        organisation="radio-sahel-info",
        contact=("Mame Fatou Seck", "Rédactrice en chef", "mf.seck@radiosahel.example.org", "fr"),
        title={"fr": "Émission spéciale en direct depuis le forum"},
        abstract={
            "fr": (
                "Radio Sahel Info propose d'enregistrer son émission quotidienne en public "
                "depuis le forum. Des maires seraient invités en plateau."
            )
        },
        format="side_event",
        track="Youth, gender and participation",
        languages=("fr",),
        interpretation=(),
        attendance=40,
        days=(0, 1, 2),
        speakers=(
            S(
                "Mame Fatou Seck",
                "Rédactrice en chef",
                "Radio Sahel Info",
                "mf.seck@radiosahel.example.org",
            ),
        ),
        outcome=REJECTED,
        scores=(2, 2, 3, 2),
        reason="Une émission n'est pas un événement parallèle : voyez le service de presse.",
    ),
    # --- Withdrawn, draft -----------------------------------------------------------------
    ProposalRow(
        key="quezon-care",
        organisation="quezon-city-government",
        contact=("Maricel Bautista", "Head, Migrant Desk", "m.bautista@quezoncity.gov.ph", "en"),
        title={"en": "Care workers on the move: a city's support for families left behind"},
        abstract={
            "en": (
                "Quezon City supports the children and elderly parents of overseas care "
                "workers through its barangay network. The session shows how."
            )
        },
        format="side_event",
        track="Labour migration and skills",
        languages=("en",),
        interpretation=(),
        attendance=60,
        days=(1,),
        speakers=(
            S(
                "Maricel Bautista",
                "Head, Migrant Desk",
                "Quezon City Government",
                "m.bautista@quezoncity.gov.ph",
            ),
        ),
        outcome=WITHDRAWN,
    ),
    ProposalRow(
        key="beirut-services",
        organisation="municipality-of-beirut",
        contact=("Rana Khoury", "Chargée de projets", "r.khoury@beirut.gov.lb", "fr"),
        title={"fr": "Services municipaux en temps de crise : Beyrouth"},
        abstract={"fr": "Brouillon à compléter."},
        format="panel",
        track="Displacement and durable solutions",
        languages=("fr",),
        interpretation=(),
        attendance=50,
        days=(1,),
        speakers=(
            S(
                "Rana Khoury",
                "Chargée de projets",
                "Municipality of Beirut",
                "r.khoury@beirut.gov.lb",
            ),
        ),
        outcome=WITHDRAWN_DRAFT,
    ),
    ProposalRow(
        key="kigali-onestop",
        organisation="city-of-kigali",
        contact=(
            "Claudine Mukamana",
            "Directrice de l'urbanisme",
            "c.mukamana@kigalicity.gov.rw",
            "fr",
        ),
        title={"fr": "Libre circulation en Afrique de l'Est : Kigali et ses postes frontières"},
        abstract={"fr": "Comment Kigali travaille avec ses villes frontalières. (À compléter.)"},
        format="side_event",
        track="Regional free movement",
        languages=("fr",),
        interpretation=(),
        attendance=50,
        days=(1,),
        speakers=(
            S(
                "Claudine Mukamana",
                "Directrice de l'urbanisme",
                "City of Kigali",
                "c.mukamana@kigalicity.gov.rw",
            ),
        ),
        outcome=DRAFT,
    ),
    # --- Suggested merges: close to an accepted proposal, no decision yet -----------------
    ProposalRow(
        key="catalunya-padron",
        organisation="generalitat-de-catalunya",
        contact=("Jordi Serra", "Director General de Migraciones", "jserra@gencat.cat", "es"),
        title={"es": "El padrón como puerta de entrada: la experiencia catalana"},
        abstract={
            "es": (
                "Los municipios catalanes aplican criterios comunes para empadronar a personas "
                "sin domicilio. La Generalitat presenta la guía y su evaluación."
            )
        },
        format="side_event",
        track="Access to services",
        languages=("es",),
        interpretation=("en",),
        attendance=60,
        days=(1,),
        speakers=(
            S(
                "Jordi Serra",
                "Director General de Migraciones",
                "Generalitat de Catalunya",
                "jserra@gencat.cat",
            ),
        ),
        outcome=PENDING,
        scores=(4, 3, 4, 3),
        duplicate_of="barcelona-padron",
    ),
    ProposalRow(
        key="gamm-coastal",
        organisation="global-alliance-of-mayors-for-mobility",
        contact=("Elena Rossi", "Responsable des politiques", "e.rossi@gamm.example.org", "fr"),
        title={
            "fr": "Villes côtières et relocalisation planifiée : un échange entre maires",
            "en": "Coastal cities and planned relocation: a mayors' exchange",
        },
        abstract={
            "fr": (
                "Des maires de villes côtières d'Afrique de l'Ouest et d'Asie du Sud échangent "
                "sur la relocalisation planifiée des quartiers menacés par la mer. Chaque maire "
                "présente une décision difficile qu'il a dû prendre."
            ),
            "en": (
                "Mayors of coastal cities in West Africa and South Asia exchange on the "
                "planned relocation of neighbourhoods threatened by the sea. Each mayor presents one "
                "hard decision they had to take."
            ),
        },
        format="side_event",
        track="Climate mobility",
        languages=("fr", "en"),
        interpretation=("es",),
        attendance=80,
        days=(1,),
        speakers=(
            S(
                "Grace Mensah",
                "Secretary-General",
                "Global Alliance of Mayors for Mobility",
                "g.mensah@gamm.example.org",
            ),
            S(
                "Tariq Nasser",
                "Policy Lead, Displacement",
                "Global Alliance of Mayors for Mobility",
                "t.nasser@gamm.example.org",
            ),
        ),
        outcome=PENDING,
        scores=(4, 4, 3, 3),
        duplicate_of="dakar-coast",
    ),
    # --- New organisations, not yet in the directory: no decision yet -----------------------
    ProposalRow(
        key="kolda-retour",
        organisation="",
        new_organisation=NewOrganisation(
            "Association des jeunes migrants de retour de Kolda",
            "civil_society",
            "SN",
            "https://ajmrk.example.org",
        ),
        contact=("Lamine Baldé", "Président", "l.balde@ajmrk.example.org", "fr"),
        title={"fr": "Revenir et rester : les jeunes de retour bâtissent leur ville"},
        abstract={
            "fr": (
                "De jeunes Sénégalais revenus de Libye, du Maroc et d'Espagne racontent leur "
                "réinsertion à Kolda et ce que la commune pourrait faire de plus. Ils proposent "
                "un dialogue direct avec des maires."
            )
        },
        format="side_event",
        track="Youth, gender and participation",
        languages=("fr",),
        interpretation=("en",),
        attendance=50,
        days=(2,),
        speakers=(
            S("Lamine Baldé", "Président", "AJMRK", "l.balde@ajmrk.example.org"),
            S("Aïssatou Mballo", "Membre", "AJMRK", "a.mballo@ajmrk.example.org"),
        ),
        outcome=PENDING,
        scores=(4, 2, 3, 5),
    ),
    ProposalRow(
        key="darien-transito",
        organisation="",
        new_organisation=NewOrganisation(
            "Fundación Puentes del Darién",
            "civil_society",
            "PA",
            "https://puentesdarien.example.org",
        ),
        contact=(
            "Itzel Batista",
            "Directora ejecutiva",
            "ibatista@puentesdarien.example.org",
            "es",
        ),
        title={
            "es": "Ciudades de tránsito en la ruta del Darién",
            "en": "Transit towns on the Darién route",
        },
        abstract={
            "es": (
                "Pequeños municipios de Panamá y Costa Rica reciben a miles de personas en "
                "tránsito cada semana. Alcaldes y organizaciones locales explican cómo "
                "organizan agua, salud y albergue sin recursos nacionales suficientes."
            ),
            "en": (
                "Small towns in Panama and Costa Rica receive thousands of people in transit "
                "every week. Mayors and local groups explain how they organise water, health "
                "care and shelter without enough national funding."
            ),
        },
        format="panel",
        track="Displacement and durable solutions",
        languages=("es",),
        interpretation=("en", "fr"),
        attendance=70,
        days=(1, 2),
        speakers=(
            S(
                "Itzel Batista",
                "Directora ejecutiva",
                "Fundación Puentes del Darién",
                "ibatista@puentesdarien.example.org",
            ),
            S("Rogelio Chanis", "Alcalde", "Municipio de Pinogana", "rchanis@pinogana.example.org"),
        ),
        outcome=PENDING,
        scores=(4, 4, 3, 4),
        first_languages=("es",),
    ),
    ProposalRow(
        key="pacific-relocation",
        organisation="",
        new_organisation=NewOrganisation(
            "Pacific Climate Mobility Lab", "academia", "FJ", "https://pcml.example.org"
        ),
        contact=("Losana Vuniwaqa", "Research fellow", "l.vuniwaqa@pcml.example.org", "en"),
        title={"en": "Planned relocation in Pacific towns: villages moving inland"},
        abstract={
            "en": (
                "Fiji has relocated several coastal villages and has national guidelines for "
                "it. With Suva City Council, the lab shows what towns receiving relocated "
                "villages need."
            )
        },
        format="side_event",
        track="Climate mobility",
        languages=("en",),
        interpretation=(),
        attendance=40,
        days=(1, 2),
        speakers=(
            S(
                "Losana Vuniwaqa",
                "Research fellow",
                "Pacific Climate Mobility Lab",
                "l.vuniwaqa@pcml.example.org",
            ),
            S("Ratu Seru Tuivaga", "Town clerk", "Suva City Council", "s.tuivaga@suvacity.org"),
        ),
        outcome=PENDING,
        scores=(4, 3, 3, 3),
        other_co_organisers="Suva City Council",
    ),
]

# Outcomes whose proposals reach the reviewers (submitted, never withdrawn).
REVIEWED = (ACCEPTED, WAITLISTED, REJECTED, PENDING)
TIER = {ACCEPTED: "high", WAITLISTED: "mid", PENDING: "mid", REJECTED: "low"}


@dataclass(frozen=True)
class ReviewRow:
    proposal: str  # ProposalRow.key
    reviewer: str  # username
    scores: tuple[int, ...]  # in CRITERIA's order
    comment: str


def review_plan() -> list[ReviewRow]:
    """Who reviews what: two or three members of the committee of the proposal's track (every
    third proposal gets all three), never a member affiliated with the proposing organisation
    or a co-organiser. One reviewer scores a criterion a point higher than the proposal's
    scores, the next a point lower, a third as they are: the mean stays on the decision's side.
    """
    committees = {track: members for _name, tracks, members in REVIEW_TEAMS for track in tracks}
    affiliated: dict[str, set[str]] = {}
    for username, slug in AFFILIATIONS:
        affiliated.setdefault(username, set()).add(slug)
    plan = []
    for index, row in enumerate(p for p in PROPOSALS if p.outcome in REVIEWED):
        organisations = {row.organisation, *row.co_organisers} - {""}
        members = [
            member
            for member in committees[row.track]
            if not affiliated.get(member[0], set()) & organisations
        ]
        start = index % len(members)
        members = members[start:] + members[:start]
        count = 3 if index % 3 == 0 else 2
        for position, (username, _first, _last, language) in enumerate(members[:count]):
            shift = (1, -1, 0)[position]
            changed = index % len(row.scores)
            scores = tuple(
                min(5, max(0, score + (shift if i == changed else 0)))
                for i, score in enumerate(row.scores)
            )
            comments = COMMENTS[language][TIER[row.outcome]]
            plan.append(
                ReviewRow(row.key, username, scores, comments[(index + position) % len(comments)])
            )
    return plan
