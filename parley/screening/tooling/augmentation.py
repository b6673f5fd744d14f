"""Training texts written by the project itself, to fill gaps the public data leaves.

The shared datasets have almost no news, idioms, counter-speech or neutral mentions of groups
labelled as harmless, no native French threats, and few short everyday replies; the classifier
therefore reads "killed", "Muslims" or a French "tu" as signals. These slot templates were
written for Parley (not taken from HateCheck/MHC or any dataset) and expand, deterministically,
into training rows. They are training data only: the benign *evaluation* set
(data/benign_en_fr.csv) is a separate hand-written list and shares no text with them
(tests/moderation/test_eval_sets.py checks it).
"""

import itertools
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from parley.screening.tooling.datasets import Row, read_labelled_csv

SOURCE = "parley_augment"
# Natural sentences (not templates) written for training by separate sessions that saw no code,
# lexicon or dataset: threats in slang, euphemism and hints, lookalikes, everyday posts. The
# templates above are one author's idea of a threat; these teach the wordings other writers use.
WRITTEN_SOURCE = "parley_written"
WRITTEN_PATH = Path(__file__).resolve().parent / "data" / "training_written_en_fr.csv"
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Template:
    id: str
    lang: str
    violence: int | None
    hate: int | None
    offensive: int | None
    patterns: tuple[str, ...]
    slots: dict[str, tuple[str, ...]]
    limit: int = 40  # at most this many expansions per template, sampled reproducibly


def _t(
    id: str,
    lang: str,
    labels: tuple[int | None, int | None, int | None],
    patterns: tuple[str, ...],
    limit: int = 40,
    **slots: tuple[str, ...],
) -> Template:
    violence, hate, offensive = labels
    return Template(id, lang, violence, hate, offensive, patterns, slots, limit)


BENIGN = (0, 0, 0)
THREAT = (1, 0, 1)
THREAT_GROUP = (1, 1, 1)

# fmt: off
_EN_PLACES = ("downtown Leeds", "a suburb of Lyon", "northern Nigeria", "a village near Kharkiv",
              "the old port", "a school in Texas", "the city centre", "a border town")  # fmt: skip
_EN_SOURCES = ("officials said", "the prosecutor said", "local media reported",
               "the coroner confirmed", "the ministry said", "witnesses told reporters",
               "according to the fire brigade", "according to hospital staff")  # fmt: skip
_FR_LIEUX = ("à Marseille", "dans la banlieue de Lille", "dans un village de l'Ain",
             "près de la gare", "au nord du Mali", "dans un lycée de Seine-Saint-Denis",
             "sur l'autoroute A7", "dans le centre-ville")  # fmt: skip
_FR_SOURCES = ("d'après la préfecture", "indique le procureur", "a-t-on appris de source policière",
               "selon nos informations", "précise la gendarmerie", "d'après les secours",
               "selon les témoins", "annonce la mairie")  # fmt: skip

_EN_GROUPS = ("Muslims", "Jewish families", "gay men", "lesbian couples", "trans women",
              "Black students", "immigrants", "refugees", "disabled people", "Roma families",
              "Asian shop owners", "women in tech", "Catholics", "Sikh volunteers",
              "deaf children", "Arab students", "Hindus", "nonbinary people")  # fmt: skip
_FR_GROUPES = ("les musulmans", "les juifs", "les couples gays", "les lesbiennes",
               "les personnes trans", "les étudiants noirs", "les immigrés", "les réfugiés",
               "les personnes handicapées", "les Roms", "les commerçants chinois",
               "les femmes ingénieures", "les catholiques", "les Maghrébins", "les sourds",
               "les personnes non binaires", "les Arabes", "les gens du voyage")  # fmt: skip

TEMPLATES: tuple[Template, ...] = (
    # --- English: reporting and analysis of violence -----------------------------------------
    _t(
        "en-news-killed",
        "en",
        BENIGN,
        (
            "{n} people were {hurt} in {event} in {place}, {source}.",
            "{event_cap} in {place} left {n} people {hurt}, {source}.",
        ),
        n=("Two", "Four", "Nine", "Dozens of", "At least twelve"),
        hurt=("killed", "wounded", "shot dead", "stabbed", "badly injured"),
        event=("a knife attack", "a car bombing", "a gang shooting", "an arson attack", "clashes with police"),
        event_cap=("A knife attack", "A car bombing", "A shooting", "An explosion"),
        place=_EN_PLACES,
        source=_EN_SOURCES,
    ),
    _t(
        "en-news-court",
        "en",
        BENIGN,
        (
            "The man who {crime} was {outcome} on {day}.",
            "A jury found that the defendant {crime}; she was {outcome}.",
            "{who} {crime}, the indictment says. He was {outcome}.",
        ),
        crime=(
            "threatened to shoot his former colleagues",
            "stabbed a shopkeeper",
            "posted death threats against a councillor",
            "murdered his business partner",
            "planned to bomb a synagogue",
            "attacked a mosque with a machete",
        ),
        outcome=(
            "sentenced to eight years",
            "acquitted",
            "released on bail",
            "charged with attempted murder",
            "jailed for life",
            "remanded in custody",
        ),
        day=("Friday", "Monday", "Wednesday"),
        who=("A former soldier", "The suspect", "A 19-year-old"),
    ),
    _t(
        "en-news-police",
        "en",
        BENIGN,
        (
            "Officers {acted} a man who {did}, {source}.",
            "Police {acted} a suspect after he {did}; an inquiry has been opened.",
        ),
        acted=("shot and wounded", "fatally shot", "tasered", "arrested", "disarmed"),
        did=(
            "was waving a gun outside a bar",
            "attacked passers-by with a knife",
            "rammed a checkpoint",
            "threatened staff at a bank",
        ),
        source=_EN_SOURCES,
    ),
    _t(
        "en-war-history",
        "en",
        BENIGN,
        (
            "{conflict} killed {n} and displaced millions, {who} write.",
            "Why did {conflict} turn so deadly? {who} point to {cause}.",
        ),
        conflict=(
            "The Thirty Years' War",
            "The Somme offensive",
            "The partition of India",
            "The civil war in Syria",
            "The Rwandan genocide",
            "The Battle of Verdun",
        ),
        n=("hundreds of thousands", "millions", "tens of thousands"),
        who=("historians", "researchers", "the authors of a new book"),
        cause=("propaganda", "famine", "artillery", "the collapse of the state"),
    ),
    # --- English: idioms, sport, work, fiction ----------------------------------------------
    _t(
        "en-idiom-first-person",
        "en",
        BENIGN,
        (
            "I'm going to {verb} this {task} {when}.",
            "Gonna {verb} this {task} {when}, wish me luck!",
            "We are going to {verb} that {task} {when}.",
        ),
        verb=("kill", "smash", "crush", "destroy", "murder", "nail", "slay"),
        task=(
            "presentation",
            "interview",
            "maths test",
            "half marathon",
            "job talk",
            "audition",
            "karaoke night",
            "driving test",
        ),
        when=("tomorrow", "on Friday", "next week", "tonight"),
    ),
    _t(
        "en-idiom-killing-me",
        "en",
        BENIGN,
        (
            "{thing} is killing me{tail}",
            "{thing} will be the death of me{tail}",
            "Honestly {thing} is murdering my sleep{tail}",
        ),
        thing=(
            "This commute",
            "My back",
            "The suspense",
            "This playlist",
            "My toddler's energy",
            "Tax season",
            "This humidity",
            "That cliffhanger",
            "The queue at the post office",
        ),
        tail=(".", " 😂", ", send coffee.", " lol", "!"),
    ),
    _t(
        "en-idiom-misc",
        "en",
        BENIGN,
        ("{s}",),
        limit=60,
        s=(
            "Shoot me a message when you land.",
            "She absolutely killed it on stage last night.",
            "That punchline killed me, I was crying.",
            "I could murder a curry right now.",
            "We got destroyed in the pub quiz again.",
            "My phone battery died halfway home.",
            "The new patch kills the lag, finally.",
            "He shot a great goal from thirty yards.",
            "Our tomatoes are dying in this heat.",
            "I'm dead tired after the night shift.",
            "The band blew the roof off the venue.",
            "Let's hit the road before the traffic.",
            "That jump scare nearly killed me.",
            "Time to kill some weeds in the garden.",
            "The chef butchered the lamb shoulder in front of the class.",
            "I'd kill for a week of sunshine.",
            "The critics slaughtered the sequel.",
            "Our striker is a killer in the box.",
            "Bombed my first stand-up set, but I'll go again.",
            "The referee's decision killed the match.",
            "She fought cancer for years and won.",
            "Fire away, I'm listening.",
            "The boss wants to axe the project.",
            "That spreadsheet is a nightmare, I'm going to strangle the macro.",
            "We killed two hours at the airport playing cards.",
            "Terminate the instance once the backup finishes.",
            "The grenade in this escape room is a prop, relax.",
            "In chess you sacrifice the bishop to attack the king.",
            "The crime novel opens with a body in the canal.",
            "Hunting season opens in October in our region.",
        ),
    ),
    _t(
        "en-fiction-games",
        "en",
        BENIGN,
        ("In {work}, {character} {does}.",),
        work=("the new thriller", "the video game", "the opera", "the graphic novel", "season two", "the play"),
        character=("the detective", "the villain", "a rogue soldier", "the heroine"),
        does=(
            "kills the informant",
            "threatens to burn the village",
            "plans to poison the king",
            "shoots her way out of the bunker",
            "is murdered in the first act",
        ),
    ),
    # --- English: counter-speech and quoting threats to condemn them --------------------------
    _t(
        "en-counter-quote",
        "en",
        BENIGN,
        ('{who} {verb} "{threat}" {tail}', 'Someone replied "{threat}" to {target}. {reaction}'),
        who=("A user", "The account", "One commenter", "The candidate's supporter"),
        verb=("posted", "wrote", "tweeted"),
        threat=("I will find you", "you deserve a bullet", "we will burn your house", "your family is next"),
        tail=(
            "and was banned within the hour.",
            "and police opened an investigation.",
            "; that is a crime, not an opinion.",
        ),
        target=("a journalist", "my friend", "a nurse", "the councillor"),
        reaction=(
            "Reported it. This is unacceptable.",
            "Threats like that must be reported.",
            "Nobody should have to read that.",
        ),
    ),
    _t(
        "en-counter-condemn",
        "en",
        BENIGN,
        ("{act} is never acceptable, {whoever}.", "I condemn {act}, {whoever}.", "We stand against {act}. {call}"),
        act=(
            "threatening a journalist",
            "calling for violence against {grp}",
            "attacking people for their faith",
            "sending death threats to politicians",
            "glorifying mass shooters",
            "harassing people online",
        ),
        grp=_EN_GROUPS,
        whoever=("whoever does it", "whatever side they are on", "full stop", "no matter the cause"),
        call=("Report it.", "Solidarity with the victims.", "Hate has no place here."),
    ),
    # --- English: neutral and positive mentions of groups -------------------------------------
    _t(
        "en-groups-neutral",
        "en",
        BENIGN,
        ("{grp} {predicate}.", "Many {grp} {predicate}.", "As one of the {grp} in town, I {first}."),
        limit=80,
        grp=_EN_GROUPS,
        predicate=(
            "celebrated the holiday with a street party",
            "can marry in most of Europe",
            "were interviewed for the census report",
            "run the food bank on Saturdays",
            "face discrimination when renting, a survey found",
            "organised a charity football match",
            "are well represented on the council",
            "joined the climate march",
            "opened a new community centre",
        ),
        first=("volunteer at the library", "love this neighbourhood", "was welcomed warmly"),
    ),
    _t(
        "en-groups-pride",
        "en",
        BENIGN,
        ("{Grp} {praise}.", "{i} {identity}{tail}", "Shout-out to all the {grp}! {praise_cap}."),
        limit=80,
        Grp=(
            "Immigrants",
            "Muslims",
            "Black women",
            "Trans people",
            "Refugees",
            "Jews",
            "Lesbian couples",
            "Deaf people",
            "Arabs",
            "Roma families",
            "Disabled athletes",
            "Gay men",
        ),
        grp=(
            "immigrants",
            "Muslim nurses",
            "Black girls in STEM",
            "trans folks",
            "refugees",
            "Jewish students",
            "disabled parents",
            "queer artists",
        ),
        praise=(
            "make this country stronger",
            "are the backbone of our hospitals",
            "welcomed me like family",
            "are the best neighbours I've had",
            "run the most amazing charities",
            "deserve all our admiration",
        ),
        praise_cap=("You make us proud", "Thank you for everything you do", "We love you"),
        i=("I'm", "I am", "Proudly", "Always have been,"),
        identity=(
            "Muslim",
            "Jewish",
            "gay",
            "a trans woman",
            "Black",
            "a Syrian refugee",
            "a lesbian",
            "deaf",
            "an Algerian immigrant",
            "a wheelchair user",
        ),
        tail=(" and proud of it.", ", so what?", ", and happy.", "."),
    ),
    _t(
        "en-groups-rights",
        "en",
        BENIGN,
        (
            "{grp} deserve {good}.",
            "Protecting {grp} from {bad} is everyone's job.",
            "A new law protects {grp} from {bad}.",
        ),
        grp=_EN_GROUPS,
        good=("equal pay", "safe streets", "respect", "the same rights as everyone"),
        bad=("discrimination", "hate crimes", "violence", "harassment at work"),
    ),
    # --- English: politics, everyday posts, short replies ------------------------------------
    _t(
        "en-politics",
        "en",
        BENIGN,
        ("The {who}'s plan to {policy} is {verdict}.", "Vote against the {who} on {policy}."),
        who=("government", "opposition", "mayor", "senator", "prime minister", "party"),
        policy=(
            "cut hospital budgets",
            "raise the pension age",
            "build more housing",
            "ban cars from the centre",
            "tax sugary drinks",
            "scrap tuition fees",
        ),
        verdict=("a disaster", "long overdue", "reckless", "cynical", "actually sensible"),
    ),
    _t(
        "en-short-replies",
        "en",
        BENIGN,
        ("{s}",),
        limit=60,
        s=(
            "Do you have a link for that?",
            "Can you share the study?",
            "Where did you read that?",
            "You're right, my mistake.",
            "Are you going to the meetup?",
            "Thanks, you made my day!",
            "Did you try turning it off and on?",
            "Have you seen the new trailer?",
            "What time do you finish?",
            "You look great in that photo!",
            "Can you send me the recipe?",
            "Are you sure about the date?",
            "You should try the ramen place.",
            "Is your shop open on Sunday?",
            "Your garden looks amazing.",
            "Could you explain the second point?",
            "Did you get home safe?",
            "You deserve a holiday.",
            "Got any numbers on that?",
            "Which source are you quoting?",
            "Where's your data from?",
            "You too, have a good one!",
            "Can you elaborate?",
            "Do you mean the 2019 report?",
            "Why do you think so?",
        ),
    ),
    # Words threats use ("I'm going to", "you", "should", "must") in harmless sentences, so that
    # they are not read as threats on their own.
    _t(
        "en-intent-harmless",
        "en",
        BENIGN,
        ("{intent} {act} {when}.",),
        limit=70,
        intent=("I'm going to", "I will", "I'll", "We're gonna", "I swear I'll", "Next week I'll"),
        act=(
            "call you",
            "send you the slides",
            "pick you up",
            "text you",
            "visit you",
            "cook you dinner",
            "teach you the chords",
            "lend you my bike",
            "find you a seat",
            "show you the new office",
            "hug you so hard",
            "beat you at chess",
        ),
        when=("tomorrow", "after work", "tonight", "this weekend", "when I land"),
    ),
    _t(
        "en-should-harmless",
        "en",
        BENIGN,
        ("{who} {modal} {act}.", "Should {who_q} {act}? {tail}"),
        limit=70,
        who=("We", "Someone", "Everyone", "The council", "People", "They", "You"),
        who_q=("we", "the city", "schools", "the government", "parents"),
        modal=("should", "must", "need to", "ought to", "have to"),
        act=(
            "fix the potholes on Elm Street",
            "ban phones in classrooms",
            "be held accountable in court",
            "be found and brought to justice",
            "vote in the local elections",
            "stop feeding the pigeons",
            "read the whole report",
            "protect journalists from threats",
            "abolish the death penalty",
            "report abusive messages to the police",
        ),
        tail=("Discuss.", "I'm not sure.", "Genuinely asking."),
    ),
    # --- English: threats and incitement (positives) -----------------------------------------
    _t(
        "en-threat-first-person",
        "en",
        THREAT,
        ("{intent} {act} {tail}", "{cond}, {intent} {act}."),
        limit=60,
        intent=("I'm going to", "I will", "I swear I'll", "One day I'll", "Tonight I'm gonna", "We are coming to"),
        act=(
            "break every bone in your body",
            "put a knife in your neck",
            "set your car on fire with you inside",
            "beat you until you stop breathing",
            "shoot you in your driveway",
            "cut your throat",
            "strangle you with your own scarf",
            "smash your skull in",
        ),
        tail=("", "you little rat.", "and nobody will find you.", "count on it."),
        cond=("If you post that again", "Next time I see you", "Keep talking"),
    ),
    _t(
        "en-incite",
        "en",
        THREAT,
        ("{call} {target}{tail}",),
        limit=50,
        call=(
            "Somebody needs to put a bullet in",
            "Someone should torch the house of",
            "Go and beat up",
            "Find and hang",
            "Drag out and shoot",
            "I'd pay someone to stab",
        ),
        target=("that judge", "the mayor", "this journalist", "the landlord", "that traitor MP"),
        tail=(".", ", they know where he lives.", " before the vote."),
    ),
    # --- French: reporting and analysis of violence -----------------------------------------
    _t(
        "fr-news-tues",
        "fr",
        BENIGN,
        ("{n} personnes ont été {hurt} lors {event} {lieu}, {source}.", "{event_cap} {lieu} : {n} {hurt_m}, {source}."),
        n=("Deux", "Quatre", "Neuf", "Une dizaine de", "Au moins douze"),
        hurt=("tuées", "blessées", "tuées par balle", "poignardées", "grièvement blessées"),
        hurt_m=("morts", "blessés", "victimes"),
        event=(
            "d'une attaque au couteau",
            "d'un attentat à la voiture piégée",
            "d'un règlement de comptes",
            "d'un incendie criminel",
            "d'affrontements",
        ),
        event_cap=("Fusillade", "Attaque au couteau", "Explosion", "Rixe mortelle"),
        lieu=_FR_LIEUX,
        source=_FR_SOURCES,
    ),
    _t(
        "fr-news-justice",
        "fr",
        BENIGN,
        ("L'homme qui {crime} a été {issue} {jour}.", "{qui} {crime}, selon l'acte d'accusation. Il a été {issue}."),
        crime=(
            "avait menacé d'abattre ses collègues",
            "a poignardé un commerçant",
            "publiait des menaces de mort contre une élue",
            "a tué son associé",
            "projetait de faire exploser une synagogue",
            "a attaqué une mosquée",
        ),
        issue=(
            "condamné à huit ans de prison",
            "acquitté",
            "remis en liberté sous contrôle judiciaire",
            "mis en examen pour tentative de meurtre",
            "condamné à la perpétuité",
            "placé en détention",
        ),
        jour=("vendredi", "lundi", "mercredi"),
        qui=("Un ancien militaire", "Le suspect", "Un jeune de 19 ans"),
    ),
    _t(
        "fr-news-police",
        "fr",
        BENIGN,
        (
            "Les policiers ont {acte} un homme qui {fait}, {source}.",
            "Un suspect a été {acte_p} après avoir {fait_inf} ; une enquête est ouverte.",
        ),
        acte=("blessé par balle", "mortellement touché", "interpellé", "désarmé", "neutralisé"),
        acte_p=("interpellé", "abattu par la police", "blessé par balle", "placé en garde à vue"),
        fait=(
            "brandissait une arme devant un bar",
            "attaquait des passants au couteau",
            "a forcé un barrage",
            "menaçait les employés d'une banque",
        ),
        fait_inf=("menacé des passants avec un couteau", "foncé sur un barrage", "tiré en l'air devant une école"),
        source=_FR_SOURCES,
    ),
    _t(
        "fr-histoire",
        "fr",
        BENIGN,
        (
            "{conflit} a fait {n} morts, rappellent {qui}.",
            "Pourquoi {conflit} a-t-elle été si meurtrière ? {qui_cap} évoquent {cause}.",
        ),
        conflit=(
            "la guerre de Cent Ans",
            "la bataille de la Somme",
            "la guerre d'Algérie",
            "la guerre civile syrienne",
            "la Saint-Barthélemy",
            "la bataille de Verdun",
        ),
        n=("des centaines de milliers de", "des millions de", "des dizaines de milliers de"),
        qui=("les historiens", "les chercheurs", "les auteurs d'un nouveau livre"),
        qui_cap=("Les historiens", "Les chercheurs"),
        cause=("la propagande", "la famine", "l'artillerie", "l'effondrement de l'État"),
    ),
    # --- French: idioms, sport, work, fiction ------------------------------------------------
    _t(
        "fr-idiom-premiere-personne",
        "fr",
        BENIGN,
        (
            "Je vais {verbe} {tache} {quand} !",
            "On va {verbe} {tache} {quand}, croisez les doigts.",
            "Demain je {verbe_pres} {tache}, promis.",
        ),
        verbe=("tuer", "exploser", "défoncer", "éclater", "massacrer", "pulvériser", "plier"),
        verbe_pres=("tue", "explose", "défonce", "éclate", "plie"),
        tache=(
            "ce match",
            "ce partiel",
            "cet entretien",
            "ce semi-marathon",
            "l'oral de maths",
            "ce niveau du jeu",
            "le record du club",
            "cette soutenance",
        ),
        quand=("demain", "samedi", "ce soir", "la semaine prochaine"),
    ),
    _t(
        "fr-idiom-ca-me-tue",
        "fr",
        BENIGN,
        ("{chose} me tue{fin}", "{chose}, ça va me tuer{fin}", "{chose} va finir par m'achever{fin}"),
        chose=(
            "Ce trajet en bus",
            "Mon dos",
            "Le suspense",
            "Cette chanson",
            "L'énergie de mon fils",
            "La déclaration d'impôts",
            "Cette humidité",
            "La fin de cette série",
            "La file d'attente à la poste",
        ),
        fin=(".", " 😂", ", envoyez du café.", " mdr", " !"),
    ),
    _t(
        "fr-idiom-divers",
        "fr",
        BENIGN,
        ("{s}",),
        limit=60,
        s=(
            "Je meurs de faim, on mange quand ?",
            "Elle a tout déchiré sur scène hier soir.",
            "Ta blague m'a achevé, je pleure de rire.",
            "On s'est fait laminer au quiz du bar.",
            "Mon téléphone est mort à mi-chemin.",
            "Le nouveau correctif tue enfin le lag.",
            "Il a envoyé une frappe de trente mètres, quel but !",
            "Mes tomates crèvent de chaud cette année.",
            "Je suis mort de fatigue après la garde.",
            "Le groupe a mis le feu à la salle.",
            "Ce film d'horreur m'a fait mourir de peur.",
            "Il faut tuer les mauvaises herbes avant qu'elles montent en graine.",
            "Le boucher a désossé l'épaule d'agneau devant nous.",
            "Je tuerais pour une semaine de soleil.",
            "La critique a descendu le film en flammes.",
            "Notre avant-centre est un tueur devant le but.",
            "J'ai fait un bide à ma première scène ouverte, mais j'y retourne.",
            "L'arbitre a tué le match avec ce carton rouge.",
            "Elle s'est battue contre la maladie et a gagné.",
            "Le patron veut couper le projet.",
            "Cette macro Excel, je vais l'étrangler.",
            "On a tué deux heures à l'aéroport en jouant aux cartes.",
            "Arrête le serveur une fois la sauvegarde finie.",
            "La grenade de l'escape game est factice, pas de panique.",
            "Aux échecs on sacrifie le fou pour attaquer le roi.",
            "Le polar commence avec un corps dans le canal.",
            "La saison de la chasse ouvre en septembre dans notre département.",
            "On va les écraser samedi au tournoi de volley !",
            "Ce prof va me tuer avec ses devoirs.",
            "Je vais buter ce boss final ce soir.",
            "J'ai explosé mon record sur 10 km.",
        ),
    ),
    _t(
        "fr-fiction",
        "fr",
        BENIGN,
        ("Dans {oeuvre}, {perso} {fait}.",),
        oeuvre=("le nouveau thriller", "le jeu vidéo", "l'opéra", "la BD", "la saison deux", "la pièce"),
        perso=("le commissaire", "le méchant", "un soldat déserteur", "l'héroïne"),
        fait=(
            "tue l'indic",
            "menace de brûler le village",
            "veut empoisonner le roi",
            "se fraie un chemin à coups de fusil",
            "est assassiné dès le premier acte",
        ),
    ),
    # --- French: counter-speech and quoting threats to condemn them ---------------------------
    _t(
        "fr-contre-citation",
        "fr",
        BENIGN,
        ("{qui} a écrit « {menace} » {fin}", "Quelqu'un a répondu « {menace} » à {cible}. {reaction}"),
        qui=("Un internaute", "Le compte", "Un commentateur", "Un soutien du candidat"),
        menace=(
            "je vais te retrouver",
            "tu mérites une balle",
            "on va brûler ta maison",
            "ta famille est la prochaine",
        ),
        fin=(
            "et a été banni dans l'heure.",
            "et la police a ouvert une enquête.",
            "; c'est un délit, pas une opinion.",
        ),
        cible=("une journaliste", "mon ami", "une infirmière", "l'élu local"),
        reaction=(
            "Signalé. C'est inacceptable.",
            "Ce genre de menace doit être signalé.",
            "Personne ne devrait lire ça.",
        ),
    ),
    _t(
        "fr-contre-condamne",
        "fr",
        BENIGN,
        ("{acte}, c'est inacceptable, {qui}.", "Je condamne {acte}, {qui}.", "Nous refusons {acte}. {appel}"),
        acte=(
            "menacer une journaliste",
            "appeler à la violence contre {grp}",
            "s'en prendre aux gens pour leur religion",
            "envoyer des menaces de mort aux élus",
            "faire l'apologie des tueurs de masse",
            "harceler les gens en ligne",
        ),
        grp=_FR_GROUPES,
        qui=("qui que ce soit", "quel que soit le camp", "point final", "quelle que soit la cause"),
        appel=("Signalez-le.", "Solidarité avec les victimes.", "La haine n'a pas sa place ici."),
    ),
    # --- French: neutral and positive mentions of groups --------------------------------------
    _t(
        "fr-groupes-neutre",
        "fr",
        BENIGN,
        ("{grp_cap} {predicat}.", "Beaucoup de {grp_de} {predicat}."),
        limit=80,
        grp_cap=(
            "Les musulmans de Lyon",
            "Les juifs de Strasbourg",
            "Les couples gays",
            "Les lesbiennes",
            "Les personnes trans",
            "Les étudiants noirs",
            "Les immigrés",
            "Les réfugiés ukrainiens",
            "Les personnes handicapées",
            "Les Roms de Montreuil",
            "Les commerçants chinois",
            "Les catholiques",
            "Les Maghrébins de France",
            "Les sourds",
        ),
        grp_de=(
            "musulmans",
            "juifs",
            "réfugiés",
            "personnes handicapées",
            "catholiques",
            "personnes trans",
            "immigrés",
        ),
        predicat=(
            "ont célébré la fête avec un repas de quartier",
            "peuvent se marier depuis 2013",
            "ont été interrogés pour l'enquête de l'Insee",
            "tiennent la banque alimentaire le samedi",
            "subissent des discriminations au logement, selon une étude",
            "ont organisé un match de foot caritatif",
            "sont représentés au conseil municipal",
            "ont rejoint la marche pour le climat",
            "ont inauguré un centre culturel",
        ),
    ),
    _t(
        "fr-groupes-droits",
        "fr",
        BENIGN,
        (
            "{grp_cap} méritent {bien}.",
            "Protéger {grp} contre {mal}, c'est l'affaire de tous.",
            "Une nouvelle loi protège {grp} contre {mal}.",
        ),
        grp=_FR_GROUPES,
        grp_cap=(
            "Les musulmans",
            "Les juifs",
            "Les personnes trans",
            "Les immigrés",
            "Les personnes handicapées",
            "Les homosexuels",
        ),
        bien=("l'égalité salariale", "des rues sûres", "le respect", "les mêmes droits que tous"),
        mal=("les discriminations", "les crimes de haine", "la violence", "le harcèlement au travail"),
    ),
    # Praise, pride and first-person identity: the public hate data has few of them, so a group
    # name alone reads as hate ("Immigrants make this country stronger" held as hate).
    _t(
        "fr-groupes-fierte",
        "fr",
        BENIGN,
        ("{grp_cap} {eloge}.", "{je} {identite}{fin}", "Vive {grp} ! {eloge_cap}."),
        limit=80,
        grp_cap=(
            "Les immigrés",
            "Les musulmans",
            "Les femmes noires",
            "Les personnes trans",
            "Les réfugiés",
            "Les juifs",
            "Les couples lesbiens",
            "Les personnes sourdes",
            "Les Arabes",
            "Les Roms",
            "Les personnes handicapées",
            "Les homos",
        ),
        grp=_FR_GROUPES,
        eloge=(
            "font avancer ce pays",
            "sont une richesse pour nos villes",
            "m'ont accueilli comme un frère",
            "sont mes voisins préférés",
            "portent des associations formidables",
            "méritent toute notre admiration",
        ),
        eloge_cap=("Ils font la fierté du quartier", "Merci pour tout ce que vous faites", "On vous aime"),
        je=("Je suis", "Moi, je suis", "Fièrement,", "Depuis toujours, je suis"),
        identite=(
            "musulmane",
            "juif",
            "gay",
            "une femme trans",
            "noir",
            "réfugiée syrienne",
            "lesbienne",
            "sourd",
            "immigré algérien",
            "en fauteuil roulant",
        ),
        fin=(" et fier de l'être.", ", et alors ?", ", et heureux.", "."),
    ),
    # --- French: politics, everyday posts, short replies ------------------------------------
    _t(
        "fr-politique",
        "fr",
        BENIGN,
        ("Le projet {qui} de {mesure} est {avis}.", "Votez contre {qui_v} sur {mesure_n}."),
        qui=("du gouvernement", "de l'opposition", "du maire", "de la sénatrice", "du parti"),
        qui_v=("le gouvernement", "la majorité", "le maire"),
        mesure=(
            "réduire le budget des hôpitaux",
            "reculer l'âge de la retraite",
            "construire des logements",
            "interdire les voitures au centre",
        ),
        mesure_n=("la réforme des retraites", "le budget", "la loi immigration"),
        avis=("un désastre", "attendu depuis longtemps", "irresponsable", "cynique", "plutôt raisonnable"),
    ),
    _t(
        "fr-reponses-courtes",
        "fr",
        BENIGN,
        ("{s}",),
        limit=70,
        s=(
            "T'as un lien pour ça ?",
            "Tu peux partager l'étude ?",
            "Tu l'as lu où ?",
            "Tu as raison, je me suis trompé.",
            "Tu viens à la réunion ?",
            "Merci, tu m'as fait ma journée !",
            "T'as essayé de redémarrer ?",
            "Tu as vu la bande-annonce ?",
            "Tu finis à quelle heure ?",
            "Tu es superbe sur cette photo !",
            "Tu peux m'envoyer la recette ?",
            "Tu es sûr de la date ?",
            "Tu devrais essayer ce resto.",
            "Ta boutique est ouverte dimanche ?",
            "Ton jardin est magnifique.",
            "Tu peux expliquer le deuxième point ?",
            "T'es bien rentré ?",
            "Tu mérites des vacances.",
            "T'as des chiffres là-dessus ?",
            "Tu cites quelle source ?",
            "Tes données viennent d'où ?",
            "Toi aussi, bonne soirée !",
            "Tu peux développer ?",
            "Tu parles du rapport de 2019 ?",
            "Pourquoi tu penses ça ?",
            "Vous avez une référence ?",
            "Vous pouvez préciser ?",
            "Tu me diras ce que t'en penses.",
            "T'inquiète, je m'en occupe.",
            "Tu veux un café ?",
            "Tu as bien reçu mon message ?",
            "Toi, t'es vraiment doué.",
            "Bien joué, t'as assuré !",
            "Je te rappelle demain.",
            "Tu me manques.",
        ),
    ),
    # Les mots des menaces (« je vais te », « il faut », « on va ») dans des phrases anodines.
    _t(
        "fr-intention-anodine",
        "fr",
        BENIGN,
        ("{intention} {acte} {quand}.",),
        limit=80,
        intention=("Je vais", "J'vais", "On va", "Je te jure que je vais", "Demain je vais"),
        acte=(
            "t'appeler",
            "t'envoyer les diapos",
            "te chercher à la gare",
            "t'écrire",
            "te rendre visite",
            "te préparer un bon dîner",
            "t'apprendre les accords",
            "te prêter mon vélo",
            "te garder une place",
            "te montrer le nouveau bureau",
            "te serrer dans mes bras",
            "te battre aux échecs",
            "vous présenter le projet",
        ),
        quand=("demain", "après le boulot", "ce soir", "ce week-end", "en arrivant"),
    ),
    _t(
        "fr-il-faut-anodin",
        "fr",
        BENIGN,
        ("{qui} {modal} {acte}.", "Faut-il {acte} ? {fin}"),
        limit=80,
        qui=(
            "Il faut",
            "Faut",
            "Il faudrait",
            "On devrait",
            "La mairie doit",
            "Les gens devraient",
            "Tu devrais",
            "Vous devez",
        ),
        modal=("",),
        acte=(
            "réparer les nids-de-poule de la rue",
            "interdire les portables en classe",
            "juger les responsables",
            "retrouver les coupables et les traduire en justice",
            "voter aux municipales",
            "arrêter de nourrir les pigeons",
            "lire tout le rapport",
            "protéger les journalistes des menaces",
            "signaler les messages haineux",
            "arroser les tomates le soir",
            "tous les inviter au mariage",
            "les remercier pour leur aide",
            "brûler les feuilles mortes avant l'hiver",
        ),
        fin=("Débat.", "Je ne sais pas.", "Vraie question."),
    ),
    # --- French: threats and incitement (positives) ------------------------------------------
    _t(
        "fr-menace-premiere-personne",
        "fr",
        THREAT,
        ("{intention} {acte} {fin}", "{cond}, {intention} {acte}."),
        limit=120,
        intention=(
            "Je vais",
            "J'vais",
            "Je te jure que je vais",
            "Un jour je vais",
            "Ce soir je vais",
            "On va venir",
            "Je vais finir par",
            "Je vais venir",
        ),
        acte=(
            "te planter",
            "t'égorger comme un mouton",
            "te casser les deux jambes",
            "te défoncer la tête",
            "te mettre une balle entre les yeux",
            "te brûler vif",
            "t'étrangler",
            "te faire la peau",
            "t'éclater le crâne",
            "te saigner",
            "te tabasser jusqu'à ce que tu crèves",
            "te buter",
            "te trouer",
            "te noyer dans ton bain",
            "cramer ta baraque avec toi dedans",
        ),
        fin=(
            "",
            "sale rat.",
            "et personne ne te retrouvera.",
            "compte là-dessus.",
            "toi et ta famille.",
            "je sais où tu habites.",
        ),
        cond=("Si tu reviens ici", "La prochaine fois que je te croise", "Encore un mot", "Si tu reparles de ma sœur"),
    ),
    _t(
        "fr-menace-futur",
        "fr",
        THREAT,
        ("Je {pronom}{verbe} {fin}",),
        limit=60,
        pronom=("te ", "vous ", "t'"),
        verbe=(
            "tuerai",
            "crèverai",
            "égorgerai",
            "buterai",
            "défoncerai",
            "étranglerai",
            "retrouverai et je te tuerai",
            "arracherai la tête",
            "ferai la peau",
        ),
        fin=("", "un par un.", "avant la fin de l'année.", "je le jure.", "tu peux en être sûr."),
    ),
    _t(
        "fr-menace-deuxieme-personne",
        "fr",
        THREAT,
        ("{s}",),
        s=(
            "Tu vas finir dans un fossé.",
            "Tu ne verras pas la fin de la semaine.",
            "Prépare ton cercueil.",
            "Tu vas le payer de ta vie.",
            "T'es mort ce soir.",
            "Fais gaffe en sortant du boulot, on t'attend.",
            "Tu vas te prendre une balle.",
            "On va te retrouver et te découper.",
            "Ta maison va brûler cette nuit.",
            "Tu vas saigner comme un porc.",
            "Dors bien, c'est ta dernière nuit.",
            "Ta famille va pleurer sur ta tombe, crois-moi.",
        ),
    ),
    _t(
        "fr-menace-cible",
        "fr",
        THREAT,
        ("Je vais {verbe} {cible} {fin}", "{cible_cap}, je vais {verbe_le}."),
        limit=60,
        verbe=("tuer", "buter", "égorger", "flinguer", "défoncer", "poignarder"),
        verbe_le=("le buter", "la tuer", "le flinguer", "l'égorger", "le cramer"),
        cible=("ce connard de voisin", "mon patron", "le maire", "ce juge", "ce flic", "cette journaliste"),
        cible_cap=("Ce connard de voisin", "Mon patron", "Ce juge", "Cette journaliste"),
        fin=("", "demain matin.", "dès qu'il sort.", "et j'irai en prison sans regret."),
    ),
    _t(
        "fr-incitation",
        "fr",
        THREAT,
        ("{appel} {cible}{fin}",),
        limit=60,
        appel=(
            "Il faut buter",
            "Quelqu'un devrait mettre une balle dans la tête de",
            "Allez cramer la maison de",
            "Faut aller tabasser",
            "Je paierais pour qu'on égorge",
            "Qu'on pende",
            "Faut crever les pneus et la gueule de",
        ),
        cible=("ce juge", "le maire", "cette journaliste", "ce traître de député", "ce proprio"),
        fin=(".", ", on sait où il habite.", " avant le vote.", " ce soir."),
    ),
    _t(
        "fr-incitation-groupes",
        "fr",
        THREAT_GROUP,
        ("{appel} {grp}{fin}", "{grp_cap} {passif}{fin}"),
        limit=80,
        appel=(
            "Il faut brûler",
            "Faut fusiller",
            "Il faudrait noyer",
            "Allez tabasser",
            "On devrait pendre",
            "Il faut éliminer physiquement",
            "Faut gazer",
        ),
        grp=_FR_GROUPES,
        grp_cap=("Les immigrés", "Les juifs", "Les musulmans", "Les Roms", "Les homos"),
        passif=(
            "doivent être fusillés",
            "méritent une balle",
            "doivent brûler",
            "devraient être noyés",
            "il faut tous les crever",
        ),
        fin=(".", ", tous.", " jusqu'au dernier.", " et leurs enfants avec."),
    ),
    _t(
        "fr-glorification",
        "fr",
        THREAT,
        ("{s}",),
        s=(
            "Le tireur de la mosquée est un héros, il en faut d'autres.",
            "Bravo à celui qui a poignardé le prof, qu'on recommence.",
            "Ce qu'a fait le terroriste, il faut le refaire partout.",
            "Honneur au poseur de bombe, la prochaine fois plus de morts.",
            "L'attentat était mérité, vivement le prochain.",
            "Il a eu raison de tirer dans la foule, faut continuer.",
        ),
    ),
)
# fmt: on


def _expand(template: Template) -> list[str]:
    texts: list[str] = []
    for pattern in template.patterns:
        names = list(dict.fromkeys(_SLOT.findall(pattern)))
        # Slot values may hold slots themselves ("{grp}" inside an act); expand in one pass.
        for values in itertools.product(*(template.slots[n] for n in names)):
            text = pattern.format(**dict(zip(names, values, strict=True)))
            if "{" in text:
                rng = random.Random(f"{template.id}:{text}")
                inner = list(dict.fromkeys(_SLOT.findall(text)))
                text = text.format(**{n: rng.choice(template.slots[n]) for n in inner})
            texts.append(" ".join(text.split()))
    texts = sorted(set(texts))
    if len(texts) > template.limit:
        texts = sorted(random.Random(template.id).sample(texts, template.limit))
    return texts


# Threats composed from a frame of intent, a violent verb and a target. The public French data
# has only a handful of threat wordings; the classifier must learn the verbs and the frames, not
# a few sentences, so every combination is possible and a reproducible sample is kept.
_FR_INTENT = (
    "Je vais",
    "Je veux",
    "Nous allons",
    "On va",
    "J'ai envie de",
    "Je rêve de",
    "Je compte",
    "Je pense sérieusement à",
    "Rien ne m'empêchera de",
    "Je suis prêt à",
    "Un de ces jours, je vais",
    "Bientôt on va",
    "Je vais finir par",
    "J'ai décidé de",
)
_FR_VERBS = (
    "tuer",
    "égorger",
    "étrangler",
    "poignarder",
    "torturer",
    "violer",
    "décapiter",
    "pendre",
    "fusiller",
    "abattre",
    "exécuter",
    "lyncher",
    "massacrer",
    "exterminer",
    "éradiquer",
    "éliminer",
    "brûler vifs",
    "noyer",
    "empoisonner",
    "tabasser à mort",
    "buter",
    "flinguer",
    "mutiler",
    "battre à mort",
    "écraser en voiture",
    "gazer",
)
_FR_TARGETS = (
    "ces {g}",
    "tous les {g}",
    "chacun de ces {g}",
    "les {g} du quartier",
    "le prochain de ces {g} que je croise",
)
_FR_PEOPLE = ("te", "vous", "les")
_FR_TARGET_GROUPS = (
    "migrants",
    "juifs",
    "musulmans",
    "pédés",
    "noirs",
    "Arabes",
    "Roms",
    "trans",
    "handicapés",
    "bougnoules",
    "féministes",
)
_FR_PLURAL_IMPERATIVE = (
    "Tuons",
    "Égorgeons",
    "Exterminons",
    "Éliminons",
    "Pendons",
    "Brûlons",
    "Fusillons",
    "Massacrons",
    "Abattons",
    "Noyons",
    "Gazons",
)
# Wishing a group dead or gone is incitement too, whatever the grammar.
_FR_WISHES = (
    "J'aimerais voir tous les {g} {p}.",
    "Vivement que les {g} soient {p}.",
    "Ce pays respirera quand les {g} seront {p}.",
    "Que tous les {g} soient {p}, enfin.",
    "Les {g} ne méritent pas de vivre, qu'ils soient {p}.",
    "On sera tranquilles le jour où ces {g} seront {p}.",
)
_FR_PARTICIPLES = (
    "tués",
    "exterminés",
    "pendus",
    "fusillés",
    "gazés",
    "brûlés",
    "abattus",
    "éliminés",
    "noyés",
    "massacrés",
    "rayés de la carte",
)
_EN_WISHES = (
    "I'd love to see all the {g} {p}.",
    "Can't wait until the {g} are {p}.",
    "This country will breathe once the {g} are {p}.",
    "May every one of the {g} be {p}.",
    "The {g} don't deserve to live, let them be {p}.",
    "We'll have peace the day those {g} are {p}.",
)
_EN_PARTICIPLES = (
    "killed",
    "exterminated",
    "hanged",
    "shot",
    "gassed",
    "burned",
    "wiped out",
    "eliminated",
    "drowned",
    "slaughtered",
    "lynched",
)
_EN_INTENT = (
    "I'm going to",
    "I want to",
    "We will",
    "We're going to",
    "I plan to",
    "I can't wait to",
    "Nothing will stop me from going out to",
    "I've decided to",
    "One of these days I'll",
    "Soon we will",
    "I'm ready to",
    "I dream about the day I",
)
_EN_VERBS = (
    "kill",
    "slaughter",
    "strangle",
    "stab",
    "torture",
    "rape",
    "behead",
    "hang",
    "shoot",
    "execute",
    "lynch",
    "massacre",
    "exterminate",
    "eradicate",
    "burn alive",
    "drown",
    "poison",
    "beat to death",
    "gut",
    "run over",
    "mutilate",
    "gas",
)
_EN_TARGETS = (
    "these {g}",
    "all the {g}",
    "every one of those {g}",
    "the {g} on my street",
    "the next of those {g} I see",
)
_EN_PEOPLE = ("you", "you all", "him", "her", "them")
_EN_TARGET_GROUPS = (
    "migrants",
    "Jews",
    "Muslims",
    "faggots",
    "blacks",
    "Arabs",
    "gypsies",
    "trannies",
    "cripples",
    "feminists",
    "Mexicans",
)


_DE_VOWEL = re.compile(r"(\s)de ([aeiouyéèêh])")


def _elide(pronoun: str, verb: str) -> str:
    if pronoun == "te" and unicodedata.normalize("NFD", verb)[0] in "aeiouh":
        return f"t'{verb}"
    return f"{pronoun} {verb}"


def _composed_threats() -> list[Row]:
    rng = random.Random("composed-threats")
    rows: list[Row] = []

    def add(texts: set[str], group: str, lang: str, hate: int, k: int) -> None:
        labels: dict[str, int | None] = {"violence": 1, "hate": hate, "offensive": 1}
        for text in sorted(rng.sample(sorted(texts), min(k, len(texts)))):
            text = _DE_VOWEL.sub(r"\1d'\2", text[0].upper() + text[1:])
            rows.append(Row(text=text, lang=lang, labels=labels, source=SOURCE, group=group))

    fr_people = {f"{i} {_elide(p, v)}." for i in _FR_INTENT for v in _FR_VERBS for p in _FR_PEOPLE}
    fr_groups = {f"{i} {v} {t.format(g=g)}." for i in _FR_INTENT for v in _FR_VERBS
                 for t in _FR_TARGETS for g in _FR_TARGET_GROUPS}  # fmt: skip
    fr_groups |= {f"{v} {t.format(g=g)}." for v in _FR_PLURAL_IMPERATIVE
                  for t in _FR_TARGETS[:2] for g in _FR_TARGET_GROUPS}  # fmt: skip
    en_people = {f"{i} {v} {p}." for i in _EN_INTENT for v in _EN_VERBS for p in _EN_PEOPLE}
    en_groups = {f"{i} {v} {t.format(g=g)}." for i in _EN_INTENT for v in _EN_VERBS
                 for t in _EN_TARGETS for g in _EN_TARGET_GROUPS}  # fmt: skip
    fr_wishes = {w.format(g=g, p=p) for w in _FR_WISHES for g in _FR_TARGET_GROUPS
                 for p in _FR_PARTICIPLES}  # fmt: skip
    en_wishes = {w.format(g=g, p=p) for w in _EN_WISHES for g in _EN_TARGET_GROUPS
                 for p in _EN_PARTICIPLES}  # fmt: skip
    add(fr_wishes, "fr-composed-wish", "fr", 1, 120)
    add(en_wishes, "en-composed-wish", "en", 1, 60)
    add(fr_people, "fr-composed-person", "fr", 0, 160)
    add(fr_groups, "fr-composed-group", "fr", 1, 200)
    add(en_people, "en-composed-person", "en", 0, 80)
    add(en_groups, "en-composed-group", "en", 1, 100)
    return rows


def written_rows(path: Path = WRITTEN_PATH) -> list[Row]:
    """The written training sentences, each its own group. The file has a violence column only:
    hate and offensiveness stay unknown (with them, dev hate F1 fell 0.578 -> 0.541)."""
    return list(read_labelled_csv(path, source=WRITTEN_SOURCE))


def augmentation_rows() -> list[Row]:
    """Every project-authored training row: template expansions, grouped by template, then the
    written sentences (never a dev row)."""
    rows: list[Row] = _composed_threats()
    for template in TEMPLATES:
        labels = {
            "violence": template.violence,
            "hate": template.hate,
            "offensive": template.offensive,
        }
        rows += [
            Row(text=text, lang=template.lang, labels=labels, source=SOURCE, group=template.id)
            for text in _expand(template)
        ]
    return rows + written_rows()
