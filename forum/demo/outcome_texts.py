"""The fictional declaration of the demo forum, in the three working languages (Markdown).

``{city}`` stands for the host city. Every commitment is invented for the demo.
"""

EN = """We, mayors and leaders of local and regional governments, gathered in {city} for the Mayoral Forum on Mobility, Migration and Development, adopt this declaration and present it to the Global Forum on Migration and Development.

## Why we act

Climate change already moves people. Droughts empty villages around our cities, rising seas reach our neighbourhoods, and floods push families from informal settlements to wherever there is shelter. Most of them move within their own country, and most of them arrive in cities. We see them first, at the bus station, in the clinic and at the school gate, long before any national policy names them.

Cities are not only places of arrival. They are also places that prepare, protect and connect. When we plan well, mobility becomes a way to adapt rather than a crisis to manage.

## Our commitments

1. **Plan for people on the move.** By the next forum, each signatory city will include human mobility in its climate adaptation or resilience plan, with at least one measure for residents who arrive because of disasters or slow environmental change.
2. **Open services to every resident.** We will make access to primary health care, schooling for children and emergency shelter independent of residence status, and we will publish how we do it.
3. **Count who arrives.** We will work with national statistics offices and with universities to gather data on climate-related arrivals, shared in a way that protects each person's privacy.
4. **Involve the people concerned.** Migrants and displaced people, and especially women and young people, will take part in the design of the services meant for them, through at least one standing consultation body per city.
5. **Build decent work.** With employers and trade unions, we will link arrivals to green jobs in construction, energy and care, and recognise skills and qualifications acquired elsewhere.

## Partnerships

We ask national governments to give cities a formal role in migration and climate policy, and direct access to adaptation finance. We ask United Nations agencies and development banks to fund city projects of modest size, with simple procedures that a municipal team can manage.

We will share our experience with one another: each signatory city will pair with another city, ideally from a different region, to exchange practices for two years.

## Follow-up

We will report on these commitments at the next Mayoral Forum. The secretariat will publish the list of signatories and keep it open, so that cities that could not be in {city} can endorse this declaration in the months to come.

Adopted at the closing session in {city}.
"""

FR = """Nous, maires et responsables de gouvernements locaux et régionaux, réunis à {city} pour le Forum des maires sur la mobilité, la migration et le développement, adoptons la présente déclaration et la présentons au Forum mondial sur la migration et le développement.

## Pourquoi nous agissons

Le changement climatique fait déjà bouger les populations. Les sécheresses vident les villages autour de nos villes, la mer monte jusqu'à nos quartiers et les inondations poussent des familles hors des quartiers informels vers tout lieu qui offre un abri. La plupart se déplacent à l'intérieur de leur pays, et la plupart arrivent en ville. Nous les voyons les premiers, à la gare routière, au centre de santé et à la porte de l'école, bien avant qu'une politique nationale ne les nomme.

Les villes ne sont pas seulement des lieux d'arrivée. Elles préparent, protègent et relient. Quand nous planifions bien, la mobilité devient une façon de s'adapter plutôt qu'une crise à gérer.

## Nos engagements

1. **Planifier pour les personnes en mouvement.** D'ici le prochain forum, chaque ville signataire intégrera la mobilité humaine à son plan d'adaptation au climat ou de résilience, avec au moins une mesure pour les habitants arrivés à la suite de catastrophes ou d'une dégradation lente de l'environnement.
2. **Ouvrir les services à tous les habitants.** Nous rendrons l'accès aux soins de santé primaires, à la scolarité des enfants et à l'hébergement d'urgence indépendant du statut de séjour, et nous publierons la manière dont nous le faisons.
3. **Compter qui arrive.** Nous travaillerons avec les instituts nationaux de statistique et les universités pour recueillir des données sur les arrivées liées au climat, partagées de façon à protéger la vie privée de chacun.
4. **Associer les personnes concernées.** Les personnes migrantes et déplacées, en particulier les femmes et les jeunes, participeront à la conception des services qui leur sont destinés, au sein d'au moins une instance de consultation permanente par ville.
5. **Créer du travail décent.** Avec les employeurs et les syndicats, nous relierons les nouveaux arrivants aux emplois verts de la construction, de l'énergie et du soin, et reconnaîtrons les compétences et diplômes acquis ailleurs.

## Partenariats

Nous demandons aux gouvernements nationaux de donner aux villes un rôle reconnu dans les politiques migratoires et climatiques, ainsi qu'un accès direct au financement de l'adaptation. Nous demandons aux agences des Nations unies et aux banques de développement de financer des projets urbains de taille modeste, avec des procédures simples qu'une équipe municipale peut gérer.

Nous partagerons nos expériences : chaque ville signataire s'associera à une autre ville, de préférence d'une autre région, pour échanger des pratiques pendant deux ans.

## Suivi

Nous rendrons compte de ces engagements au prochain Forum des maires. Le secrétariat publiera la liste des signataires et la laissera ouverte, afin que les villes qui n'ont pas pu venir à {city} puissent souscrire à cette déclaration dans les mois à venir.

Adoptée lors de la séance de clôture à {city}.
"""

ES = """Nosotras y nosotros, alcaldes y autoridades de gobiernos locales y regionales, reunidos en {city} para el Foro de Alcaldes sobre Movilidad, Migración y Desarrollo, adoptamos esta declaración y la presentamos al Foro Mundial sobre Migración y Desarrollo.

## Por qué actuamos

El cambio climático ya desplaza a las personas. Las sequías vacían los pueblos alrededor de nuestras ciudades, el mar sube hasta nuestros barrios y las inundaciones empujan a familias de los asentamientos informales hacia cualquier lugar que ofrezca refugio. La mayoría se desplaza dentro de su propio país, y la mayoría llega a las ciudades. Nosotros las vemos primero, en la terminal de autobuses, en el centro de salud y en la puerta de la escuela, mucho antes de que una política nacional las nombre.

Las ciudades no son solo lugares de llegada. También preparan, protegen y conectan. Cuando planificamos bien, la movilidad se convierte en una forma de adaptación y no en una crisis que gestionar.

## Nuestros compromisos

1. **Planificar para las personas en movimiento.** Antes del próximo foro, cada ciudad firmante incluirá la movilidad humana en su plan de adaptación climática o de resiliencia, con al menos una medida para los residentes que llegan a causa de desastres o de la degradación lenta del medio ambiente.
2. **Abrir los servicios a todos los residentes.** Haremos que el acceso a la atención primaria de salud, la escolarización de niñas y niños y el alojamiento de emergencia no dependa de la situación migratoria, y publicaremos cómo lo hacemos.
3. **Contar quién llega.** Trabajaremos con los institutos nacionales de estadística y con las universidades para reunir datos sobre las llegadas vinculadas al clima, compartidos de manera que se proteja la privacidad de cada persona.
4. **Incluir a las personas concernidas.** Las personas migrantes y desplazadas, en especial las mujeres y los jóvenes, participarán en el diseño de los servicios que les están destinados, a través de al menos un órgano de consulta permanente por ciudad.
5. **Crear trabajo decente.** Con empleadores y sindicatos, vincularemos a quienes llegan con empleos verdes en la construcción, la energía y los cuidados, y reconoceremos las competencias y títulos obtenidos en otros lugares.

## Alianzas

Pedimos a los gobiernos nacionales que otorguen a las ciudades un papel formal en las políticas de migración y clima, y acceso directo a la financiación para la adaptación. Pedimos a las agencias de las Naciones Unidas y a los bancos de desarrollo que financien proyectos urbanos de tamaño modesto, con procedimientos sencillos que un equipo municipal pueda gestionar.

Compartiremos nuestras experiencias: cada ciudad firmante se asociará con otra ciudad, de preferencia de otra región, para intercambiar prácticas durante dos años.

## Seguimiento

Informaremos sobre estos compromisos en el próximo Foro de Alcaldes. La secretaría publicará la lista de firmantes y la mantendrá abierta, para que las ciudades que no pudieron estar en {city} puedan adherirse a esta declaración en los meses venideros.

Adoptada en la sesión de clausura en {city}.
"""

SUMMARY = (
    "Local and regional governments commit to plan for climate mobility, open services to "
    "every resident and report back at the next forum."
)


def texts(city: str) -> dict[str, str]:
    return {
        code: text.replace("{city}", city) for code, text in (("en", EN), ("fr", FR), ("es", ES))
    }
