"""Write a synthetic but valid data folder, for benchmarking the fact sheets at scale.

    python scripts/synthesize.py --cities 10000 [--countries 2] [--years 10] [--seed 1]
        [--long-names 40] --out DIR

The folder holds every data file (sources, countries, cities, indicators, groups, observations,
programs, achievements, strategies, recommendations) and passes `python -m factsheets check DIR`
without warnings. All figures are invented. The same arguments always give byte-identical files:
one seeded random generator, a fixed order of generation, no timestamps, UTF-8 with `\\n`.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import sys
import unicodedata
from pathlib import Path

import yaml

END_YEAR = 2024

# id, name, regions, typical violent crime rate (per 100,000), typical homicide rate (per 100,000)
COUNTRIES: list[tuple[str, str, list[str], float, float]] = [
    (
        "us",
        "United States",
        [
            "Texas",
            "California",
            "Arizona",
            "New Mexico",
            "Florida",
            "Illinois",
            "New York",
            "Georgia",
        ],
        380.0,
        6.0,
    ),
    (
        "mx",
        "Mexico",
        [
            "Chihuahua",
            "Baja California",
            "Jalisco",
            "Nuevo León",
            "Sonora",
            "Michoacán",
            "Querétaro",
            "Yucatán",
            "Estado de México",
        ],
        620.0,
        24.0,
    ),
    (
        "gt",
        "Guatemala",
        ["Guatemala", "Quetzaltenango", "Petén", "Escuintla", "Sololá"],
        540.0,
        17.0,
    ),
    (
        "hn",
        "Honduras",
        ["Francisco Morazán", "Cortés", "Atlántida", "Colón", "Olancho"],
        700.0,
        31.0,
    ),
    (
        "sv",
        "El Salvador",
        ["San Salvador", "La Libertad", "Santa Ana", "San Miguel", "Sonsonate"],
        430.0,
        8.0,
    ),
    (
        "co",
        "Colombia",
        ["Antioquia", "Valle del Cauca", "Bolívar", "Cundinamarca", "Nariño", "Santander"],
        650.0,
        25.0,
    ),
    (
        "br",
        "Brazil",
        ["São Paulo", "Rio de Janeiro", "Bahia", "Pernambuco", "Ceará", "Paraná"],
        720.0,
        21.0,
    ),
    ("ar", "Argentina", ["Buenos Aires", "Córdoba", "Santa Fe", "Mendoza", "Tucumán"], 480.0, 4.5),
    ("pe", "Peru", ["Lima", "Arequipa", "Cusco", "La Libertad", "Piura", "Junín"], 450.0, 6.0),
    ("cl", "Chile", ["Santiago", "Valparaíso", "Biobío", "Antofagasta", "Los Lagos"], 400.0, 5.0),
    ("ec", "Ecuador", ["Guayas", "Pichincha", "Manabí", "El Oro", "Esmeraldas"], 560.0, 26.0),
    ("cr", "Costa Rica", ["San José", "Alajuela", "Limón", "Puntarenas", "Heredia"], 390.0, 12.0),
    ("pa", "Panama", ["Panamá", "Colón", "Chiriquí", "Veraguas", "Darién"], 360.0, 11.0),
    ("ni", "Nicaragua", ["Managua", "León", "Matagalpa", "Chinandega", "Granada"], 410.0, 7.0),
    (
        "do",
        "Dominican Republic",
        ["Santo Domingo", "Santiago", "La Altagracia", "Puerto Plata", "San Cristóbal"],
        430.0,
        11.0,
    ),
    (
        "jm",
        "Jamaica",
        ["Kingston", "Saint Andrew", "Saint Catherine", "Saint James", "Clarendon"],
        600.0,
        49.0,
    ),
    ("bo", "Bolivia", ["La Paz", "Santa Cruz", "Cochabamba", "Potosí", "Tarija"], 380.0, 6.5),
    ("py", "Paraguay", ["Asunción", "Central", "Alto Paraná", "Itapúa", "Caaguazú"], 350.0, 7.0),
    ("uy", "Uruguay", ["Montevideo", "Canelones", "Maldonado", "Salto", "Paysandú"], 470.0, 11.0),
    ("ve", "Venezuela", ["Zulia", "Miranda", "Carabobo", "Lara", "Bolívar"], 640.0, 26.0),
    ("bz", "Belize", ["Belize", "Cayo", "Orange Walk", "Stann Creek", "Toledo"], 520.0, 28.0),
    ("ca", "Canada", ["Ontario", "Quebec", "British Columbia", "Alberta", "Manitoba"], 300.0, 2.0),
]

SYLLABLES = [
    "ca",
    "ma",
    "te",
    "gua",
    "chi",
    "lo",
    "ra",
    "na",
    "co",
    "ta",
    "pa",
    "mo",
    "sal",
    "ri",
    "ve",
    "to",
    "que",
    "ro",
    "li",
    "xa",
    "hua",
    "tla",
    "za",
    "be",
    "do",
    "ni",
    "le",
    "so",
    "cu",
    "ye",
    "mar",
    "tan",
    "bel",
    "cor",
    "val",
    "mi",
    "pe",
    "ju",
    "al",
    "ar",
]
ACCENTED_SYLLABLES = [
    "lá",
    "né",
    "rí",
    "có",
    "tú",
    "mé",
    "guá",
    "chí",
    "ñu",
    "ña",
    "ño",
    "tlá",
    "qué",
    "jú",
    "són",
    "rán",
    "lín",
    "zú",
]
PREFIXES = [
    "San",
    "Santa",
    "Santo",
    "Nuevo",
    "Nueva",
    "Ciudad",
    "Puerto",
    "Villa",
    "El",
    "La",
    "Los",
    "Las",
    "Real de",
]
SUFFIXES = [
    "del Río",
    "de Juárez",
    "de los Ángeles",
    "del Valle",
    "de Hidalgo",
    "Viejo",
    "del Mar",
    "de la Sierra",
    "de Morelos",
    "Alto",
]
US_PREFIXES = ["Port", "Fort", "Lake", "North", "Mount", "East", "West"]
US_SUFFIXES = ["ville", "ton", "field", "burg", " Springs", " Heights", " City", " Falls"]
BR_PREFIXES = ["São", "Santa", "Nova", "Porto", "Vila", "Santo"]
BR_SUFFIXES = ["do Sul", "da Serra", "do Norte", "das Flores", "de Minas"]
BR_SYLLABLES = ["ção", "ã", "õe", "ça", "ú", "ê"]

SOURCES: list[dict] = [
    {
        "id": "national-crime-statistics",
        "title": "National Crime Statistics Yearbook",
        "publisher": "National Statistics Office",
        "url": "https://statistics.example.org/crime-yearbook",
        "date": "2025-03",
        "note": "Synthetic source: national violent crime rates by year.",
    },
    {
        "id": "municipal-police-reports",
        "title": "Municipal Police Annual Reports",
        "publisher": "Association of Municipal Police Chiefs",
        "url": "https://police.example.org/annual-reports",
        "date": "2025",
        "note": "Synthetic source: violent crime rates reported by municipal police forces.",
    },
    {
        "id": "regional-crime-observatory",
        "title": "Regional Crime Observatory Data Portal",
        "publisher": "Regional Crime Observatory",
        "url": "https://observatory.example.org/data",
        "date": "2025-01-15",
        "note": "Synthetic source: city crime rates compiled by an independent observatory.",
    },
    {
        "id": "health-ministry-mortality",
        "title": "Mortality Statistics: Deaths by Assault",
        "publisher": "Ministry of Health",
        "url": "https://health.example.org/mortality",
        "date": "2024-11",
        "note": "Synthetic source: homicide counts from death certificates.",
    },
    {
        "id": "victimization-survey",
        "title": "National Victimization and Perception of Safety Survey",
        "publisher": "National Statistics Office",
        "url": "https://statistics.example.org/victimization",
        "date": "2024-09",
        "note": "Synthetic source: share of households with a victim of crime.",
    },
    {
        "id": "program-evaluations",
        "title": "Evaluations of Crime and Violence Prevention Programs",
        "publisher": "Development Evaluation Unit",
        "url": "https://evaluation.example.org/prevention",
        "date": "2024-06",
        "note": "Synthetic source: program descriptions and reported results.",
    },
    {
        "id": "donor-annual-report",
        "title": "Citizen Security Portfolio Annual Report",
        "publisher": "Development Cooperation Agency",
        "url": "https://donor.example.org/annual-report",
        "date": "2024",
        "note": "Synthetic source: results of funded prevention activities.",
    },
    {
        "id": "prevention-review",
        "title": "What Works in Urban Violence Prevention: A Review",
        "publisher": "Citizen Security Institute",
        "url": "https://institute.example.org/what-works",
        "date": "2023-10",
        "note": "Synthetic source: strategies, their reported impact and recommendations.",
    },
]

INDICATORS: list[dict] = [
    {
        "id": "violent-crime-rate",
        "name": "Violent crime rate",
        "unit": "per 100,000 residents",
        "kind": "rate",
        "lower_is_better": True,
        "description": "Violent crimes per 100,000 residents in a year.",
        "phrase": "violent crimes per 100,000 residents",
    },
    {
        "id": "homicides",
        "name": "Homicides",
        "unit": "homicides",
        "kind": "count",
        "lower_is_better": True,
        "description": "Number of homicides recorded in a place in a year.",
        "phrase": "homicides",
    },
    {
        "id": "households-victimized",
        "name": "Households victimized",
        "unit": "% of households",
        "kind": "percent",
        "lower_is_better": True,
        "description": "Share of households with at least one victim of crime in the year.",
        "phrase": "percent of households with a victim of crime",
    },
]

# tag -> (name, relative weight); each city gets 0-2 of these
BIG_GROUPS = {
    "border": ("Border cities", 1.0),
    "major-city": ("Major cities", 0.6),
    "coastal": ("Coastal cities", 1.2),
    "metro-area": ("Metropolitan areas", 0.8),
    "industrial": ("Industrial cities", 0.5),
    "tourist-destination": ("Tourist destinations", 0.4),
}
# tag -> name; each has 10-30 member cities
SMALL_GROUPS = {
    "pilot-site": "Pilot sites",
    "safe-cities-network": "Safe Cities Network members",
}

PROGRAM_WORDS_EN = (
    ["Safe", "Secure", "Peaceful", "Resilient", "Stronger", "Together for Safer"],
    ["Neighborhoods", "Streets", "Communities", "Futures", "Cities", "Schools"],
    ["Program", "Initiative", "Activity", "Project", "Partnership"],
)
PROGRAM_NAMES_ES = [
    "Juntos por la Paz",
    "Comunidades Seguras",
    "Jóvenes con Futuro",
    "Barrios en Paz",
    "Justicia Cívica Municipal",
    "Prevención desde la Escuela",
    "Convivencia Ciudadana",
    "Espacios Públicos Seguros",
]
IMPLEMENTERS = [
    "Chemonics International",
    "Creative Associates International",
    "DAI Global",
    "Fundación Comunidad Segura",
    "Municipal Prevention Office",
    "Centro de Estudios de Seguridad Ciudadana",
]
FUNDERS = [
    "USAID",
    "Inter-American Development Bank",
    "World Bank",
    "European Union",
    "Ministry of the Interior",
]
GOALS = [
    "Reduce homicides and violent crime in the most affected neighborhoods.",
    "Help at-risk youth stay in school and find work.",
    "Strengthen municipal capacity to plan and evaluate prevention.",
    "Build trust between police and residents.",
    "Recover public spaces and improve street lighting.",
    "Support victims of violence and prevent repeat victimization.",
]
THEMES = [
    "Violence prevention",
    "Youth",
    "Community policing",
    "Civic justice",
    "Gender-based violence",
    "Public spaces",
    "Rehabilitation and reintegration",
    "Local governance",
]
ACHIEVEMENTS = [
    # unit, counts, kind, low, high
    ("youth", "at-risk youth reached by prevention activities", "output", 200, 20000),
    ("police officers", "police officers trained in community policing", "output", 50, 3000),
    ("municipalities", "municipalities given technical assistance", "output", 3, 60),
    ("people", "residents taking part in neighborhood safety councils", "output", 500, 50000),
    ("public spaces", "public spaces recovered", "output", 5, 200),
    ("%", "reduction in reported violent crime in intervention areas", "outcome", 3, 45),
    ("%", "increase in residents who feel safe in their neighborhood", "outcome", 2, 30),
]
STRATEGIES = [
    # name, kind, level, impact, example
    ("Community policing", "strategy", "high", "Reduced violent clashes", "Beat meetings"),
    ("Focused deterrence", "strategy", "high", "Fewer group-related shootings", "Call-ins"),
    ("Violence interruption", "initiative", "medium", "Fewer retaliatory attacks", "Outreach"),
    ("Hot-spot policing", "strategy", "medium", "Less crime at micro-places", "Foot patrols"),
    ("Youth employment", "initiative", "medium", "Decreased gang recruitment", "Summer jobs"),
    ("Environmental design", "factor", "low", "Safer public spaces", "Street lighting"),
    ("Economic growth", "factor", "medium", "Increased local employment", None),
    ("Data-driven analysis", "strategy", "high", "Faster crime resolution", "Crime dashboards"),
]
RECOMMENDATIONS = [
    # area, action, expected impact
    (
        "Law Enforcement",
        "Share data between national, regional and local agencies",
        "Faster crime resolution",
    ),
    ("Technology", "Invest in crime analysis and early-warning tools", "Proactive prevention"),
    (
        "Economic Development",
        "Expand job training for young people in high-risk areas",
        "Reduced crime drivers",
    ),
    (
        "Social Support",
        "Provide mental health and substance abuse services",
        "Community stabilization",
    ),
    (
        "Community Policing",
        "Fund community policing built on local partnerships",
        "Sustained decline in violent crime",
    ),
    ("Transparency", "Publish crime and arrest data every month", "Higher public cooperation"),
    ("Public Spaces", "Recover parks and improve street lighting", "Safer streets at night"),
]


def slugify(text: str) -> str:
    """ASCII-folded lowercase slug: `Nuevo León` -> `nuevo-leon`."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:70].rstrip("-") or "x"


def unique(slug: str, used: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... whichever is still free; marks it used."""
    out, n = slug, 2
    while out in used:
        out = f"{slug}-{n}"
        n += 1
    used.add(out)
    return out


def base_word(rng: random.Random, country: str) -> str:
    parts = [rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3)))]
    if rng.random() < 0.35:
        parts[rng.randrange(len(parts))] = rng.choice(ACCENTED_SYLLABLES)
    if country == "br" and rng.random() < 0.3:
        parts[-1] = rng.choice(BR_SYLLABLES)
    word = "".join(parts)
    return word[0].upper() + word[1:]


def city_name(rng: random.Random, country: str, accented: bool) -> str:
    """A made-up name: `Santa Tláveco`, `Nuevo Marñu del Río`, `Fort Calito`..."""
    word = base_word(rng, country)
    if accented and word.isascii():
        word = word[:-1] + rng.choice("áéíóú")
    r = rng.random()
    if country == "us" and r < 0.4:
        if rng.random() < 0.5:
            return f"{rng.choice(US_PREFIXES)} {word}"
        return word + rng.choice(US_SUFFIXES)
    if country == "br":
        if r < 0.3:
            return f"{rng.choice(BR_PREFIXES)} {word}"
        if r < 0.45:
            return f"{word} {rng.choice(BR_SUFFIXES)}"
        return word
    if r < 0.3:
        return f"{rng.choice(PREFIXES)} {word}"
    if r < 0.42:
        return f"{word} {rng.choice(SUFFIXES)}"
    if r < 0.47:
        return f"{rng.choice(PREFIXES)} {word} {rng.choice(SUFFIXES)}"
    return word


def coordinates(seed: int, city_id: str, country: str, region: str) -> tuple[float, float] | None:
    """A point inside the city's region (or, failing that, its country) on the map shipped
    for its country; None for a country without one. Drawn from its own generator, so the rest
    of the data stays as it was before cities had coordinates."""
    from factsheets import geo

    shape = geo.boundary(country)
    if shape is None:
        return None
    rng = random.Random(f"{seed}/{city_id}")
    state = shape.state_named(region) or shape.state_named(region.removeprefix("Estado de "))
    polygons = shape.states[state] if state else [p for s in shape.states.values() for p in s]
    polygon = rng.choice(polygons) if not state else max(polygons, key=lambda p: len(p[0]))
    xs = [x for x, _ in polygon[0]]
    ys = [y for _, y in polygon[0]]
    for _ in range(1000):
        lon = round(rng.uniform(min(xs), max(xs)), 2)
        lat = round(rng.uniform(min(ys), max(ys)), 2)
        if sum(geo._in_ring(lon, lat, ring) for ring in polygon) % 2 and shape.contains(lon, lat):
            return lat, lon
    return None


def walk(rng: random.Random, start: float, years: int, sigma: float, drift: float) -> list[float]:
    """A multiplicative random walk: always positive, changes of a few percent a year."""
    values, v = [], start
    for _ in range(years):
        values.append(v)
        v *= math.exp(rng.gauss(drift, sigma))
    return values


def fmt(value: float, kind: str) -> str:
    return str(int(round(value))) if kind == "count" else f"{value:.1f}"


def month(year: int, mon: int) -> str:
    return f"{year}-{mon:02d}"


def add_months(ym: str, months: int) -> str:
    y, m = int(ym[:4]), int(ym[5:])
    total = y * 12 + (m - 1) + months
    return month(total // 12, total % 12 + 1)


def pick_tags(rng: random.Random) -> list[str]:
    tags = list(BIG_GROUPS)
    weights = [w for _, w in BIG_GROUPS.values()]
    n = rng.choices((0, 1, 2), (0.3, 0.45, 0.25))[0]
    chosen: list[str] = []
    while len(chosen) < n:
        tag = rng.choices(tags, weights)[0]
        if tag not in chosen:
            chosen.append(tag)
    return sorted(chosen)


def long_name(rng: random.Random, name: str, country: str, limit: int) -> str:
    """The name made longer, up to ``limit`` characters: `Santa Tláveco de la Sierra del Mar
    Alto`, to see how charts and tables cope with long names."""
    target = rng.randint(max(len(name), limit * 3 // 4), limit)
    while True:
        longer = f"{name} {rng.choice(SUFFIXES + [base_word(rng, country)])}"
        if len(longer) > target:
            return name
        name = longer


def synthesize(n_cities: int, n_countries: int, years: int, seed: int, long_names: int = 0) -> dict:
    """Every record, as plain dicts and rows, ready to write."""
    rng = random.Random(seed)
    # its own generator, so the data without long names stays the same
    long_rng = random.Random(f"long-names-{seed}")
    first_year = END_YEAR - years + 1
    country_rows = COUNTRIES[:n_countries]
    codes = [c[0] for c in country_rows]
    # Country ids must not be city ids: reserve every code the pool could use.
    used_ids: set[str] = {c[0] for c in COUNTRIES}

    countries = []
    for code, name, _regions, _vcr, _hom in country_rows:
        countries.append(
            {
                "id": code,
                "name": name,
                "summary": f"Synthetic figures for {name}: city crime rates, homicides and "
                "prevention programs, invented for benchmarking.",
                "goals": rng.sample(GOALS, 2),
                # Every source of observations covers the country, so every one is cited.
                "sources": [
                    "national-crime-statistics",
                    "municipal-police-reports",
                    "regional-crime-observatory",
                    "health-ministry-mortality",
                    "victimization-survey",
                ],
            }
        )

    # --- cities ----------------------------------------------------------------------------
    weights = [1.0 / (i + 1) ** 0.7 for i in range(n_countries)]
    cities: list[dict] = []
    city_params: list[tuple[str, str, int, bool]] = []  # (id, country, population, percent?)
    for i in range(n_cities):
        country = codes[i] if i < n_countries else rng.choices(codes, weights)[0]
        crow = country_rows[codes.index(country)]
        name = city_name(rng, country, accented=i % 5 == 0)
        if long_names and long_rng.random() < 0.5:
            name = long_name(long_rng, name, country, long_names)
        cid = unique(slugify(name), used_ids)
        region = rng.choice(crow[2])
        population = int(min(9_000_000, max(5_000, math.exp(rng.gauss(math.log(150_000), 1.1)))))
        city: dict = {"id": cid, "name": name, "country": country, "region": region}
        where = coordinates(seed, cid, country, region)
        if where is not None:
            city["lat"], city["lon"] = where
        city["tags"] = pick_tags(rng)
        if rng.random() < 0.3:
            city["summary"] = (
                f"Synthetic municipality of about {population:,} residents in {region}, {crow[1]}."
            )
        cities.append(city)
        # At least one city reports the percent indicator, whatever the seed.
        city_params.append((cid, country, population, i == 0 or rng.random() < 0.15))

    for tag in SMALL_GROUPS:
        eligible = [c for c in cities if len(c["tags"]) < 2]
        size = min(rng.randint(10, 30), len(eligible))
        for city in rng.sample(eligible, size):
            city["tags"] = sorted([*city["tags"], tag])
    for city in cities:
        if not city["tags"]:
            del city["tags"]

    used_tags = sorted({t for c in cities for t in c.get("tags", [])})
    names = {**{k: v[0] for k, v in BIG_GROUPS.items()}, **SMALL_GROUPS}
    groups = []
    for tag in used_tags:
        group = {"id": tag, "name": names[tag]}
        group["summary"] = f"Synthetic group of cities tagged `{tag}`."
        group["sources"] = [
            "regional-crime-observatory" if tag in BIG_GROUPS else "prevention-review"
        ]
        groups.append(group)

    # --- observations ------------------------------------------------------------------------
    rows: list[list[str]] = [["place", "indicator", "year", "value", "source", "flag", "note"]]

    def series(place: str, indicator: str, kind: str, values: list[float], source: str) -> None:
        late = years >= 4 and rng.random() < 0.08
        start = first_year + (rng.randrange(1, years // 2) if late else 0)
        kept = 0
        for offset, value in enumerate(values):
            year = first_year + offset
            if year < start or (rng.random() < 0.07 and kept and year != END_YEAR):
                continue
            flag = note = ""
            if rng.random() < 0.03:
                flag = "preliminary" if year == END_YEAR or rng.random() < 0.3 else "estimated"
                if rng.random() < 0.5:
                    note = (
                        "Preliminary figure, may be revised."
                        if flag == "preliminary"
                        else "Estimated from partial-year reports, adjusted for coverage."
                    )
            rows.append([place, indicator, str(year), fmt(value, kind), source, flag, note])
            kept += 1

    for code, _name, _regions, vcr, _hom in country_rows:
        start = vcr * math.exp(rng.gauss(0, 0.1))
        series(
            code,
            "violent-crime-rate",
            "rate",
            walk(rng, start, years, 0.04, -0.01),
            "national-crime-statistics",
        )
    country_info = {c[0]: c for c in country_rows}
    for cid, country, population, with_percent in city_params:
        _code, _name, _regions, vcr, hom = country_info[country]
        start = vcr * math.exp(rng.gauss(0, 0.45))
        drift = rng.gauss(-0.01, 0.03)
        source = "municipal-police-reports" if rng.random() < 0.7 else "regional-crime-observatory"
        series(cid, "violent-crime-rate", "rate", walk(rng, start, years, 0.07, drift), source)
        rate = hom * math.exp(rng.gauss(0, 0.5))
        counts = walk(rng, population * rate / 100_000, years, 0.12, drift)
        series(cid, "homicides", "count", counts, "health-ministry-mortality")
        if with_percent:
            v = rng.uniform(8, 45)
            shares = []
            for _ in range(years):
                shares.append(v)
                v = min(100.0, max(0.0, v + rng.gauss(-0.3, 2.0)))
            series(cid, "households-victimized", "percent", shares, "victimization-survey")

    # --- programs ------------------------------------------------------------------------------
    by_country: dict[str, list[str]] = {code: [] for code in codes}
    for city in cities:
        by_country[city["country"]].append(city["id"])
    city_names = {c["id"]: c["name"] for c in cities}

    drafts = []
    for i in range(max(3, n_cities // 200)):
        country = codes[i % n_countries] if i < n_countries else rng.choice(codes)
        start = month(rng.randint(2008, 2023), rng.randint(1, 12))
        end = add_months(start, rng.randint(12, 72)) if rng.random() < 0.7 else None
        if end is not None and end > "2026-12":
            end = None
        drafts.append((start, i, country, end))
    drafts.sort()

    programs: list[dict] = []
    program_ids: set[str] = set()
    for start, _i, country, end in drafts:
        pool = by_country[country]
        if pool and rng.random() < 0.8:
            places = sorted(rng.sample(pool, min(len(pool), rng.randint(1, 6))))
        else:
            places = [country]
        if rng.random() < 0.4:
            name = rng.choice(PROGRAM_NAMES_ES)
        else:
            name = " ".join(rng.choice(words) for words in PROGRAM_WORDS_EN)
        if places[0] != country:
            name += f" in {city_names[places[0]]}"
        pid = unique(slugify(name), program_ids)
        program: dict = {"id": pid, "name": name}
        if rng.random() < 0.6:
            program["short_name"] = "".join(w[0] for w in name.split() if w[0].isupper())[:6]
        program["country"] = country
        program["places"] = places
        program["implementer"] = rng.choice(IMPLEMENTERS)
        program["funder"] = rng.choice(FUNDERS)
        program["start"] = start
        if end is not None:
            program["end"] = end
        program["summary"] = (
            f"Synthetic prevention program in {country_info[country][1]}, started {start}."
        )
        program["goals"] = rng.sample(GOALS, rng.randint(1, 3))
        program["themes"] = rng.sample(THEMES, rng.randint(1, 3))
        earlier = [
            p["id"]
            for p in programs
            if p["country"] == country and p.get("end") is not None and p["end"] <= start
        ]
        if earlier and rng.random() < 0.35:
            program["predecessor"] = rng.choice(earlier[-5:])
        program["sources"] = (
            ["program-evaluations", "donor-annual-report"]
            if rng.random() < 0.4
            else [rng.choice(["program-evaluations", "donor-annual-report"])]
        )
        programs.append(program)

    # --- achievements --------------------------------------------------------------------------
    achievements: list[dict] = []
    achievement_ids: set[str] = set()

    def achievement(scope: str, scope_id: str, period: tuple[str, str] | None, source: str):
        unit, counts, kind, low, high = rng.choice(ACHIEVEMENTS)
        rec: dict = {"id": unique(slugify(f"{scope_id} {counts}"), achievement_ids)}
        rec.update(scope=scope, scope_id=scope_id)
        value = round(math.exp(rng.uniform(math.log(low), math.log(high))))
        if not achievements or rng.random() < 0.2:  # the first one is always a range
            rec["value_min"] = value
            rec["value_max"] = value + max(1, round(value * rng.uniform(0.2, 2.0)))
        else:
            if rng.random() < 0.35:
                rec["qualifier"] = rng.choice(("more-than", "about", "less-than"))
                if value >= 100:
                    digits = 10 ** (len(str(value)) - 2)
                    value = round(value / digits) * digits
            rec["value"] = value
        rec.update(unit=unit, counts=counts, kind=kind)
        if period:
            rec["period_start"], rec["period_end"] = period
        rec["source"] = source
        achievements.append(rec)

    for program in programs:
        if rng.random() < 0.5:
            end = program.get("end", month(END_YEAR, 12))
            for _ in range(rng.randint(1, 3)):
                period = (program["start"], end) if rng.random() < 0.6 else None
                achievement("program", program["id"], period, program["sources"][0])
    for code in codes:
        for _ in range(rng.randint(1, 2)):
            y = rng.randint(2015, END_YEAR - 1)
            period = (month(y, rng.randint(1, 12)), month(y + 1, rng.randint(1, 12)))
            achievement("country", code, period, "donor-annual-report")
    for city in rng.sample(cities, min(len(cities), max(1, n_cities // 500))):
        achievement("city", city["id"], None, "program-evaluations")

    # --- strategies and recommendations ----------------------------------------------------
    strategies = []
    for name, kind, level, impact, example in STRATEGIES[: rng.randint(5, len(STRATEGIES))]:
        rec = {"id": slugify(name), "kind": kind, "name": name}
        rec["summary"] = f"Synthetic description of {name.lower()} and how it lowers violence."
        rec["impact"] = impact
        rec["level"] = level
        if example:
            rec["example"] = example
        rec["places"] = sorted(rng.sample([c["id"] for c in cities], min(len(cities), 2)))
        if rng.random() < 0.5:
            rec["places"].append(rng.choice(codes))
        if used_tags and rng.random() < 0.6:
            rec["groups"] = [rng.choice(used_tags)]
        if rng.random() < 0.6:
            rec["year_started"] = rng.randint(2005, 2023)
        rec["sources"] = ["prevention-review"]
        strategies.append(rec)

    recommendations = []
    rec_ids: set[str] = set()
    for area, action, impact in RECOMMENDATIONS[: rng.randint(4, len(RECOMMENDATIONS))]:
        scope = rng.choice(codes)
        rec = {"id": unique(f"{scope}-{slugify(area)}", rec_ids), "scope": scope}
        tags = sorted({t for c in cities if c["country"] == scope for t in c.get("tags", [])})
        if tags and rng.random() < 0.6:
            rec["group"] = rng.choice(tags)
        rec.update(area=area, action=action, expected_impact=impact, source="prevention-review")
        recommendations.append(rec)

    return {
        "sources.yaml": SOURCES,
        "countries.yaml": countries,
        "cities.yaml": cities,
        "indicators.yaml": INDICATORS,
        "groups.yaml": groups,
        "programs.yaml": programs,
        "achievements.yaml": achievements,
        "strategies.yaml": strategies,
        "recommendations.yaml": recommendations,
        "observations.csv": rows,
    }


def write(data: dict, out: Path, header: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, records in data.items():
        with open(out / name, "w", encoding="utf-8", newline="\n") as fh:
            if name.endswith(".csv"):
                csv.writer(fh, lineterminator="\n").writerows(records)
            else:
                fh.write(f"# {header}\n")
                fh.write(yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=100))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, required=True, help="number of cities (>= 1)")
    parser.add_argument(
        "--countries", type=int, default=2, help=f"number of countries, 1-{len(COUNTRIES)}"
    )
    parser.add_argument("--years", type=int, default=10, help=f"years of data ending {END_YEAR}")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--long-names",
        type=int,
        default=0,
        metavar="N",
        help="make half of the city names longer, up to N characters (default: no)",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write the files to")
    args = parser.parse_args(argv)
    if args.cities < 1:
        parser.error("--cities must be at least 1")
    if not 1 <= args.countries <= len(COUNTRIES):
        parser.error(f"--countries must be between 1 and {len(COUNTRIES)}")
    if not 1 <= args.years <= END_YEAR - 1900 + 1:
        parser.error(f"--years must be between 1 and {END_YEAR - 1900 + 1}")

    if args.long_names and args.long_names < 20:
        parser.error("--long-names must be at least 20")
    data = synthesize(args.cities, args.countries, args.years, args.seed, args.long_names)
    header = (
        f"Synthetic data: scripts/synthesize.py --cities {args.cities} "
        f"--countries {args.countries} --years {args.years} --seed {args.seed}"
    )
    if args.long_names:
        header += f" --long-names {args.long_names}"
    write(data, args.out, header)
    print(
        f"wrote {len(data['cities.yaml'])} cities, {len(data['countries.yaml'])} countries, "
        f"{len(data['indicators.yaml'])} indicators, {len(data['observations.csv']) - 1} "
        f"observations, {len(data['groups.yaml'])} groups, {len(data['programs.yaml'])} programs, "
        f"{len(data['achievements.yaml'])} achievements, {len(data['strategies.yaml'])} "
        f"strategies, {len(data['recommendations.yaml'])} recommendations, "
        f"{len(data['sources.yaml'])} sources to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
