"""Demo content for a fresh instance: members, posts in English and French, threads, echoes."""

import random
from dataclasses import dataclass

from django.db import transaction

from parley.accounts.actions import create_member, follow, update_profile
from parley.accounts.models import User
from parley.posts.actions import echo_post, publish_post, upvote_post
from parley.posts.models import Post

DEMO_PASSWORD = "parley-demo-2026"

MEMBERS_EN = [
    ("alice", "Alice Martin", "Cyclist, baker, city council watcher."),
    ("ben", "Ben Okafor", "Local reporter. Tips welcome."),
    ("chloe_w", "Chloe Walker", "Gardening and terrible puns."),
    ("dmitri", "Dmitri Ivanov", "Software, chess, long walks."),
    ("emma", "Emma Brown", "Teacher. Reading everything."),
    ("farid", "Farid Haddad", "Photographer of rainy streets."),
    ("grace", "Grace Lee", "Climate scientist, coffee addict."),
    ("henry", "Henry Clark", "Football on weekends, spreadsheets on weekdays."),
    ("isla", "Isla Scott", "Nurse. Night shifts and sunrise photos."),
    ("jack", "Jack Wilson", "Amateur historian of small towns."),
    ("kate", "Kate Evans", "Runs the neighbourhood library."),
    ("liam", "Liam Murphy", "Music, vinyl, and more music."),
    ("maya", "Maya Patel", "Product designer. Accessibility matters."),
    ("noah", "Noah Green", "Hiking trails and trail mix."),
    ("olivia", "Olivia Hall", "Policy analyst. Opinions are my own."),
]
MEMBERS_FR = [
    ("amelie", "Amélie Dubois", "Boulangère à Lyon, lève-tôt."),
    ("bastien", "Bastien Moreau", "Journaliste local, vélo et café."),
    ("camille", "Camille Laurent", "Prof de maths, fan de randonnée."),
    ("damien", "Damien Girard", "Développeur, jeux de société."),
    ("elodie", "Élodie Fournier", "Infirmière, photos de couchers de soleil."),
    ("francois", "François Lefèvre", "Historien amateur de nos villages."),
    ("gaelle", "Gaëlle Bonnet", "Jardinière urbaine."),
    ("hugo", "Hugo Mercier", "Supporter du club local depuis toujours."),
    ("ines", "Inès Rousseau", "Étudiante en droit, débats passionnés."),
    ("julien", "Julien Blanc", "Musicien, vinyles et concerts."),
    ("lea", "Léa Garnier", "Bibliothécaire, lectures du mois."),
    ("mathis", "Mathis Faure", "Cuisine de saison et marchés."),
    ("nina", "Nina Chevalier", "Designer, accessibilité avant tout."),
    ("oscar", "Oscar Lambert", "Photographe de rue."),
    ("pauline", "Pauline Roux", "Analyste politique, avis personnels."),
]

TOPICS_EN = [
    (
        "cycling",
        [
            "Rode {n} km along the river this morning.",
            "The new bike lane on Main Street is finally open.",
            "Flat tyre again. Any advice on puncture-proof tyres?",
        ],
    ),
    (
        "baking",
        [
            "Sourdough attempt number {n}: the crust is perfect, the crumb not so much.",
            "Rye bread cooling on the counter. The kitchen smells amazing.",
            "Who else bakes on Sunday mornings?",
        ],
    ),
    (
        "books",
        [
            "Finished my {n}th book this year. Recommendations welcome!",
            "Re-reading a classic and noticing things I missed at school.",
            "The library book sale is this weekend.",
        ],
    ),
    (
        "climate",
        [
            "Record rainfall this month: {n} mm so far.",
            "Our city just published its climate plan. Worth a read.",
            "Planted {n} trees with the volunteers today.",
        ],
    ),
    (
        "elections",
        [
            "Turnout in the local election was {n}%. We can do better.",
            "The candidates' debate tonight was surprisingly civil.",
            "Read both programmes before you vote, not just the headlines.",
        ],
    ),
    (
        "news",
        [
            "Council approves the new bus route after {n} months of consultation.",
            "Police are investigating an attack on a shop downtown; no one was seriously hurt.",
            "Fact check: the viral photo of the flood is from another year.",
        ],
    ),
    (
        "football",
        [
            "What a match! {n} goals in the second half.",
            "Our team needs a better defence, honestly.",
            "Taking the kids to their first stadium game.",
        ],
    ),
    (
        "music",
        [
            "Found a rare vinyl at the market for {n} euros.",
            "Concert tonight at the old theatre, who's coming?",
            "Playlist of the week is up.",
        ],
    ),
    (
        "tech",
        [
            "Spent {n} hours debugging a timezone issue. It is always timezones.",
            "Self-hosting is easier than people think.",
            "Accessibility is not a feature, it is a requirement.",
        ],
    ),
    (
        "history",
        [
            "Our town's bridge turns {n} years old this year.",
            "Found an old map of the neighbourhood in the archives.",
            "History of the riots of 1968, told by those who were there: a thread.",
        ],
    ),
]
TOPICS_FR = [
    (
        "vélo",
        [
            "{n} km à vélo le long du Rhône ce matin.",
            "La nouvelle piste cyclable est enfin ouverte.",
            "Encore une crevaison. Des conseils ?",
        ],
    ),
    (
        "boulangerie",
        [
            "Fournée numéro {n} : la croûte est parfaite.",
            "Le pain de seigle refroidit, la cuisine sent bon.",
            "Qui fait du pain le dimanche matin ?",
        ],
    ),
    (
        "lecture",
        [
            "J'ai fini mon {n}e livre de l'année. Des suggestions ?",
            "Je relis un classique et je découvre des choses oubliées.",
            "Vente de livres à la médiathèque ce week-end.",
        ],
    ),
    (
        "climat",
        [
            "Record de pluie ce mois-ci : {n} mm.",
            "La ville a publié son plan climat. À lire.",
            "{n} arbres plantés avec les bénévoles aujourd'hui.",
        ],
    ),
    (
        "élections",
        [
            "Participation de {n} % aux municipales. On peut mieux faire.",
            "Le débat des candidats était étonnamment courtois.",
            "Lisez les programmes avant de voter, pas seulement les titres.",
        ],
    ),
    (
        "actualité",
        [
            "Le conseil approuve la nouvelle ligne de bus après {n} mois de concertation.",
            "Enquête ouverte après une agression dans un commerce du centre ; pas de blessé grave.",
            "Vérification : la photo virale de l'inondation date d'une autre année.",
        ],
    ),
    (
        "football",
        [
            "Quel match ! {n} buts en seconde période.",
            "Notre défense doit progresser, franchement.",
            "Premier match au stade avec les enfants.",
        ],
    ),
    (
        "musique",
        [
            "Trouvé un vinyle rare au marché pour {n} euros.",
            "Concert ce soir au vieux théâtre, qui vient ?",
            "La playlist de la semaine est en ligne.",
        ],
    ),
    (
        "cuisine",
        [
            "Ratatouille pour {n} personnes ce soir.",
            "Les fraises sont arrivées au marché !",
            "Recette de grand-mère : la tarte aux pommes.",
        ],
    ),
    (
        "histoire",
        [
            "Notre pont fête ses {n} ans cette année.",
            "Une vieille carte du quartier retrouvée aux archives.",
            "Mai 68 raconté par ceux qui l'ont vécu : un fil.",
        ],
    ),
]
REPLIES_EN = [
    "Totally agree.",
    "Interesting, thanks for sharing!",
    "Do you have a source for that?",
    "Same here!",
    "Great photo.",
]
REPLIES_FR = [
    "Tout à fait d'accord.",
    "Intéressant, merci du partage !",
    "Tu as une source ?",
    "Pareil ici !",
    "Super photo.",
]


@dataclass(frozen=True)
class DemoSummary:
    members: int
    posts: int


def demo_loaded() -> bool:
    return User.objects.filter(username="alice").exists()


@transaction.atomic
def load_demo(*, seed: int = 2021, posts: int = 300) -> DemoSummary:
    """Create about 30 members (password DEMO_PASSWORD), `posts` posts, replies and echoes."""
    rng = random.Random(seed)
    members: list[tuple[User, str]] = []
    for (username, name, bio), lang in [(m, "en") for m in MEMBERS_EN] + [(m, "fr") for m in MEMBERS_FR]:
        user = create_member(username=username, email=f"{username}@demo.parley.invalid", password=DEMO_PASSWORD)
        update_profile(user=user, display_name=name, bio=bio, language=lang)
        members.append((user, lang))
    create_member(username="moderator", email="moderator@demo.parley.invalid", password=DEMO_PASSWORD, moderator=True)
    create_member(username="admin", email="admin@demo.parley.invalid", password=DEMO_PASSWORD, admin=True)

    for user, _lang in members:
        for other, _other_lang in rng.sample(members, 8):
            if other.pk != user.pk:
                follow(follower=user, target=other)

    created: list[Post] = []
    # Replies are interleaved with new posts, as in a real timeline; screening may hold a demo
    # post like any other, so threads grow on published posts only.
    for i in range(posts):
        author, lang = rng.choice(members)
        published = [p for p in created[-40:] if p.state == "published" and p.in_reply_to_id is None]
        if published and rng.random() < 0.3:
            parent = rng.choice(published)
            text = rng.choice(REPLIES_EN if lang == "en" else REPLIES_FR)
            created.append(publish_post(author=author, text=text, in_reply_to=parent, language=lang))
            continue
        topics = TOPICS_EN if lang == "en" else TOPICS_FR
        tag, sentences = rng.choice(topics)
        text = rng.choice(sentences).format(n=rng.randint(2, 95))
        if rng.random() < 0.6:
            text += f" #{tag.replace('é', 'e') if i % 2 else tag}"
        if rng.random() < 0.15:
            mentioned, _ = rng.choice(members)
            if mentioned.pk != author.pk:
                text += f" @{mentioned.username}"
        created.append(publish_post(author=author, text=text, language=lang))
    originals = [p for p in created if p.in_reply_to_id is None]
    for _ in range(60):
        user, _lang = rng.choice(members)
        post = rng.choice(originals)
        if post.author_id != user.pk and post.state == "published":
            echo_post(user=user, post=post)
    for _ in range(400):
        user, _lang = rng.choice(members)
        post = rng.choice(created)
        if post.state == "published":
            upvote_post(user=user, post=post)
    return DemoSummary(members=len(members) + 2, posts=len(created))
