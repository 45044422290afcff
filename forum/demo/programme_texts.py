"""French and Spanish texts of the demo programme, keyed by their English text.

The Dakar forum works in French, English and Spanish: every text below has its French
version; Spanish is left out for about a third of the sessions (``seed_programme`` decides
which), so the organisers' completeness view shows real gaps.
"""

# English → (French, Spanish)
ROOM_NAMES = {
    "Plenary Hall Léopold Sédar Senghor": (
        "Salle plénière Léopold Sédar Senghor",
        "Sala plenaria Léopold Sédar Senghor",
    ),
    "Salle Gorée": ("Salle Gorée", "Sala Gorée"),
    "Salle Casamance": ("Salle Casamance", "Sala Casamance"),
    "Salle Saloum": ("Salle Saloum", "Sala Saloum"),
    "Salle Ferlo": ("Salle Ferlo", "Sala Ferlo"),
    "Salle Sine": ("Salle Sine", "Sala Sine"),
    "Atelier Baobab": ("Atelier Baobab", "Taller Baobab"),
    "Terrasse Atlantique": ("Terrasse Atlantique", "Terraza Atlántico"),
}

TRACK_NAMES = {
    "Climate mobility": ("Mobilité climatique", "Movilidad climática"),
    "Access to services": ("Accès aux services", "Acceso a los servicios"),
    "Labour migration and skills": (
        "Migration de travail et compétences",
        "Migración laboral y competencias",
    ),
    "Inclusive urban governance": ("Gouvernance urbaine inclusive", "Gobernanza urbana inclusiva"),
    "Regional free movement": ("Libre circulation régionale", "Libre circulación regional"),
    "Displacement and durable solutions": (
        "Déplacement et solutions durables",
        "Desplazamiento y soluciones duraderas",
    ),
    "Remittances and migrant entrepreneurship": (
        "Transferts de fonds et entrepreneuriat des migrants",
        "Remesas y emprendimiento migrante",
    ),
    "Youth, gender and participation": (
        "Jeunesse, genre et participation",
        "Juventud, género y participación",
    ),
}

SESSION_TITLES = {
    # Climate mobility
    "When the river moves: cities planning for climate-induced relocation": (
        "Quand le fleuve se déplace : les villes planifient les relocalisations climatiques",
        "Cuando el río se mueve: ciudades que planifican la reubicación climática",
    ),
    "Sahel to coast: urban responses to drought-driven mobility": (
        "Du Sahel à la côte : réponses urbaines à la mobilité due à la sécheresse",
        "Del Sahel a la costa: respuestas urbanas a la movilidad por sequía",
    ),
    "Heat, floods and the right to stay: adaptation finance for secondary cities": (
        "Chaleur, inondations et droit de rester : financer l'adaptation des villes secondaires",
        "Calor, inundaciones y derecho a quedarse: financiación de la adaptación en ciudades intermedias",
    ),
    "Mapping climate mobility with local data: tools for municipal planners": (
        "Cartographier la mobilité climatique avec des données locales : outils pour les urbanistes",
        "Mapear la movilidad climática con datos locales: herramientas para la planificación municipal",
    ),
    "Coastal cities in motion: lessons from Saint-Louis and Dhaka": (
        "Villes côtières en mouvement : leçons de Saint-Louis et de Dacca",
        "Ciudades costeras en movimiento: lecciones de Saint-Louis y Daca",
    ),
    "Green jobs for newcomers: the climate transition as an inclusion strategy": (
        "Des emplois verts pour les nouveaux arrivants : la transition climatique comme stratégie d'inclusion",
        "Empleos verdes para recién llegados: la transición climática como estrategia de inclusión",
    ),
    # Access to services
    "One desk for everyone: municipal welcome centres that work": (
        "Un guichet pour tous : des centres d'accueil municipaux qui fonctionnent",
        "Una ventanilla para todos: centros municipales de acogida que funcionan",
    ),
    "Health without papers: local models of universal primary care": (
        "La santé sans papiers : modèles locaux de soins primaires universels",
        "Salud sin papeles: modelos locales de atención primaria universal",
    ),
    "Schools as first responders: enrolling displaced children in weeks, not months": (
        "L'école en première ligne : scolariser les enfants déplacés en quelques semaines",
        "La escuela en primera línea: escolarizar a la niñez desplazada en semanas, no meses",
    ),
    "Digital identity at city level: inclusion without exclusion": (
        "Identité numérique à l'échelle de la ville : inclure sans exclure",
        "Identidad digital a escala municipal: inclusión sin exclusión",
    ),
    "Housing first for new arrivals: evidence from five cities": (
        "Le logement d'abord pour les nouveaux arrivants : résultats de cinq villes",
        "Vivienda primero para recién llegados: evidencia de cinco ciudades",
    ),
    "Language access in public services: interpretation on a city budget": (
        "L'accès linguistique aux services publics : l'interprétation avec un budget municipal",
        "Acceso lingüístico a los servicios públicos: interpretación con presupuesto municipal",
    ),
    # Labour migration and skills
    "Skills partnerships between cities of origin and destination": (
        "Partenariats de compétences entre villes d'origine et de destination",
        "Alianzas de competencias entre ciudades de origen y de destino",
    ),
    "Recognising foreign qualifications: shortcuts that cities can take": (
        "Reconnaître les diplômes étrangers : les raccourcis à la portée des villes",
        "Reconocer títulos extranjeros: atajos al alcance de las ciudades",
    ),
    "Decent work in the informal economy: municipal levers": (
        "Le travail décent dans l'économie informelle : les leviers municipaux",
        "Trabajo decente en la economía informal: palancas municipales",
    ),
    "Seasonal and circular migration: what local authorities can guarantee": (
        "Migration saisonnière et circulaire : ce que les autorités locales peuvent garantir",
        "Migración estacional y circular: lo que pueden garantizar las autoridades locales",
    ),
    "Apprenticeships for refugees and migrants: employers at the table": (
        "L'apprentissage pour les réfugiés et les migrants : les employeurs à la table",
        "Aprendizaje para personas refugiadas y migrantes: las empresas a la mesa",
    ),
    "Care workers on the move: protecting the people who protect us": (
        "Travailleuses et travailleurs du soin en mouvement : protéger celles et ceux qui nous protègent",
        "Personas cuidadoras en movimiento: proteger a quienes nos protegen",
    ),
    # Inclusive urban governance
    "Migrant advisory councils: from consultation to co-decision": (
        "Conseils consultatifs des migrants : de la consultation à la codécision",
        "Consejos consultivos de migrantes: de la consulta a la codecisión",
    ),
    "Counting everyone: municipal statistics on human mobility": (
        "Compter chacun : les statistiques municipales sur la mobilité humaine",
        "Contar a todas las personas: estadísticas municipales sobre movilidad humana",
    ),
    "Local voices in the Global Compact for Migration review": (
        "Les voix locales dans l'examen du Pacte mondial sur les migrations",
        "Voces locales en el examen del Pacto Mundial para la Migración",
    ),
    "Cities and national governments: a new deal on reception": (
        "Villes et gouvernements nationaux : un nouveau pacte pour l'accueil",
        "Ciudades y gobiernos nacionales: un nuevo pacto para la acogida",
    ),
    "Countering hate speech: city strategies that reduce tension": (
        "Contrer les discours de haine : des stratégies urbaines qui apaisent",
        "Contrarrestar el discurso de odio: estrategias urbanas que reducen tensiones",
    ),
    "Budgeting for inclusion: participatory finance in diverse cities": (
        "Budgéter l'inclusion : finances participatives dans des villes diverses",
        "Presupuestar la inclusión: finanzas participativas en ciudades diversas",
    ),
    # Regional free movement
    "ECOWAS free movement at the city gate: border towns speak": (
        "La libre circulation CEDEAO aux portes de la ville : les villes frontalières témoignent",
        "La libre circulación de la CEDEAO a las puertas de la ciudad: hablan las ciudades fronterizas",
    ),
    "Mercosur residence agreements: what changed for cities": (
        "Les accords de résidence du Mercosur : ce qui a changé pour les villes",
        "Acuerdos de residencia del Mercosur: qué cambió para las ciudades",
    ),
    "Corridors of opportunity: secondary cities on migration routes": (
        "Corridors d'opportunités : les villes secondaires sur les routes migratoires",
        "Corredores de oportunidad: ciudades intermedias en las rutas migratorias",
    ),
    "Cross-border markets and the traders who keep them alive": (
        "Marchés transfrontaliers et les commerçants qui les font vivre",
        "Mercados transfronterizos y quienes los mantienen vivos",
    ),
    "Portable rights across regions: pensions, health and schooling": (
        "Des droits portables entre régions : retraites, santé et scolarité",
        "Derechos portables entre regiones: pensiones, salud y escolarización",
    ),
    "Regional mayors' networks: turning declarations into services": (
        "Réseaux régionaux de maires : transformer les déclarations en services",
        "Redes regionales de alcaldes: convertir las declaraciones en servicios",
    ),
    # Displacement and durable solutions
    "From camps to neighbourhoods: urban displacement after the emergency": (
        "Des camps aux quartiers : le déplacement urbain après l'urgence",
        "De los campamentos a los barrios: el desplazamiento urbano después de la emergencia",
    ),
    "Land, tenure and the displaced: local routes to durable solutions": (
        "Foncier, droits d'occupation et personnes déplacées : des voies locales vers des solutions durables",
        "Tierra, tenencia y personas desplazadas: vías locales hacia soluciones duraderas",
    ),
    "Host communities first: shared infrastructure that lasts": (
        "Les communautés d'accueil d'abord : des infrastructures partagées et durables",
        "Primero las comunidades de acogida: infraestructura compartida que perdura",
    ),
    "Returning home to a changed city: reintegration at municipal level": (
        "Rentrer dans une ville qui a changé : la réintégration à l'échelle municipale",
        "Volver a una ciudad que ha cambiado: la reintegración a escala municipal",
    ),
    "Urban refugees and municipal finance: who pays, who decides": (
        "Réfugiés urbains et finances municipales : qui paie, qui décide",
        "Personas refugiadas urbanas y finanzas municipales: quién paga, quién decide",
    ),
    "Protection in cities: safe spaces for women and children on the move": (
        "La protection en ville : des espaces sûrs pour les femmes et les enfants en mouvement",
        "Protección en las ciudades: espacios seguros para mujeres, niñas y niños en movimiento",
    ),
    # Remittances and migrant entrepreneurship
    "Lowering the cost of sending money home: local partnerships": (
        "Réduire le coût des envois d'argent : des partenariats locaux",
        "Reducir el costo de enviar dinero a casa: alianzas locales",
    ),
    "Diaspora investment in hometown infrastructure": (
        "L'investissement de la diaspora dans les infrastructures des villes d'origine",
        "Inversión de la diáspora en la infraestructura de las ciudades de origen",
    ),
    "Migrant-owned businesses as engines of neighbourhood renewal": (
        "Les entreprises de migrants, moteurs du renouveau des quartiers",
        "Empresas de personas migrantes como motor de renovación de los barrios",
    ),
    "Microfinance and credit for newcomers without a credit history": (
        "Microfinance et crédit pour les nouveaux arrivants sans historique de crédit",
        "Microfinanzas y crédito para recién llegados sin historial crediticio",
    ),
    "Remittances and climate resilience: a household perspective": (
        "Transferts de fonds et résilience climatique : le point de vue des ménages",
        "Remesas y resiliencia climática: la perspectiva de los hogares",
    ),
    "Market halls and incubators: city-run support for migrant entrepreneurs": (
        "Halles et incubateurs : le soutien municipal aux entrepreneurs migrants",
        "Mercados e incubadoras: apoyo municipal a emprendedores migrantes",
    ),
    # Youth, gender and participation
    "Young migrants as city makers: a youth-led dialogue": (
        "Les jeunes migrants bâtisseurs de villes : un dialogue mené par la jeunesse",
        "Jóvenes migrantes que construyen ciudad: un diálogo dirigido por la juventud",
    ),
    "Women mayors on mobility: leadership and lived experience": (
        "Les femmes maires et la mobilité : leadership et expérience vécue",
        "Alcaldesas y movilidad: liderazgo y experiencia vivida",
    ),
    "Unaccompanied minors in the city: guardianship that works": (
        "Mineurs non accompagnés en ville : une tutelle qui fonctionne",
        "Menores no acompañados en la ciudad: una tutela que funciona",
    ),
    "Sport, culture and belonging: grassroots inclusion": (
        "Sport, culture et appartenance : l'inclusion par la base",
        "Deporte, cultura y pertenencia: inclusión desde la base",
    ),
    "Gender-responsive reception: designing services with migrant women": (
        "Un accueil sensible au genre : concevoir les services avec les femmes migrantes",
        "Acogida con perspectiva de género: diseñar servicios con mujeres migrantes",
    ),
    "Student mobility and brain circulation: universities and their cities": (
        "Mobilité étudiante et circulation des cerveaux : les universités et leurs villes",
        "Movilidad estudiantil y circulación de talentos: las universidades y sus ciudades",
    ),
    # Plenaries, side events, field visits and the rest
    "Opening plenary: cities at the heart of human mobility": (
        "Plénière d'ouverture : les villes au cœur de la mobilité humaine",
        "Plenaria de apertura: las ciudades en el centro de la movilidad humana",
    ),
    "High-level plenary: local action for the Global Compact for Migration": (
        "Plénière de haut niveau : l'action locale pour le Pacte mondial sur les migrations",
        "Plenaria de alto nivel: acción local por el Pacto Mundial para la Migración",
    ),
    "Closing plenary: adoption of the mayors' call to action": (
        "Plénière de clôture : adoption de l'appel à l'action des maires",
        "Plenaria de clausura: adopción del llamado a la acción de los alcaldes",
    ),
    "Side event: launch of the Urban Mobility Data Atlas": (
        "Événement parallèle : lancement de l'Atlas des données sur la mobilité urbaine",
        "Evento paralelo: presentación del Atlas de datos de movilidad urbana",
    ),
    "Side event: Cities of Welcome Network annual meeting": (
        "Événement parallèle : réunion annuelle du réseau des Villes accueillantes",
        "Evento paralelo: reunión anual de la Red de Ciudades de Acogida",
    ),
    "Side event: youth hackathon results on digital inclusion": (
        "Événement parallèle : résultats du hackathon jeunesse sur l'inclusion numérique",
        "Evento paralelo: resultados del hackatón juvenil sobre inclusión digital",
    ),
    "Field visit: the Medina welcome centre and health post": (
        "Visite de terrain : le centre d'accueil et le poste de santé de la Médina",
        "Visita de campo: el centro de acogida y el puesto de salud de la Medina",
    ),
    "Field visit: climate-resilient housing in Pikine": (
        "Visite de terrain : l'habitat résilient au climat à Pikine",
        "Visita de campo: vivienda resiliente al clima en Pikine",
    ),
    "Coffee break": ("Pause café", "Pausa café"),
    "Lunch": ("Déjeuner", "Almuerzo"),
    "Welcome reception hosted by the City of Dakar": (
        "Réception de bienvenue offerte par la Ville de Dakar",
        "Recepción de bienvenida ofrecida por la Ciudad de Dakar",
    ),
    "Mayors' breakfast on financing (to be confirmed)": (
        "Petit-déjeuner des maires sur le financement (à confirmer)",
        "Desayuno de alcaldes sobre financiación (por confirmar)",
    ),
}

# A track's open exchange, when its titles run out: "{track}: open exchange".
OPEN_EXCHANGE = ("{track} : échange ouvert", "{track}: intercambio abierto")

# The retitle between versions 1 and 2: "{first part}: a practitioners' round table".
ROUND_TABLE = ("{first} : table ronde des praticiens", "{first}: mesa redonda de profesionales")

# A session's abstract: "{title}. Mayors, national and international partners…".
ABSTRACT = (
    "{title}. Mayors, national and international partners and civil society compare what "
    "works, what does not, and what cities need from others.",
    "{title}. Maires, partenaires nationaux et internationaux et société civile comparent ce "
    "qui fonctionne, ce qui ne fonctionne pas et ce dont les villes ont besoin des autres.",
    "{title}. Alcaldes, socios nacionales e internacionales y sociedad civil comparan lo que "
    "funciona, lo que no y lo que las ciudades necesitan de los demás.",
)

POSITIONS = {
    "Minister of Interior and Decentralisation": (
        "Ministre de l'Intérieur et de la Décentralisation",
        "Ministro del Interior y de Descentralización",
    ),
    "Ambassador": ("Ambassadeur", "Embajador"),
    "Mayor": ("Maire", "Alcalde"),
    "Deputy Mayor for Social Inclusion": (
        "Adjoint au maire chargé de l'inclusion sociale",
        "Teniente de alcalde de Inclusión Social",
    ),
    "City Councillor for Migration": (
        "Conseiller municipal chargé des migrations",
        "Concejal de Migración",
    ),
    "Director of Research": ("Directeur de la recherche", "Director de investigación"),
    "Professor of Urban Studies": (
        "Professeur d'études urbaines",
        "Profesor de estudios urbanos",
    ),
    "Head of Programmes": ("Responsable des programmes", "Jefe de programas"),
    "Senior Policy Adviser": ("Conseiller politique principal", "Asesor principal de políticas"),
    "Youth Representative": ("Représentant de la jeunesse", "Representante de la juventud"),
}

# A speaker's biography: "{name} works on human mobility and local development."
BIOGRAPHY = (
    "{name} works on human mobility and local development.",
    "{name} travaille sur la mobilité humaine et le développement local.",
    "{name} trabaja sobre movilidad humana y desarrollo local.",
)
