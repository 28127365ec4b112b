"""The synthetic world behind the corpus: regions, units and their money, year by year.

Everything is a pure function of ``(seed, unit, year)``: a unit's budget for 2024 is the same
whether it is generated alone or with 9,999 other documents, so final accounts, year-on-year
sentences and budget-versus-actual pairs agree across documents without shared state.

All money is held in integer 元 (yuan); documents print it in 万元 rounded to 0.01 (or in 元).
Parents are sums of their children in 元, so every accounting identity holds before rounding
and the printed figures differ from exact sums by rounding tails only (尾差, at most half a
cent per term).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

DATA_PATH = Path(__file__).with_name("templates.yaml")
BUDGET_YEARS = tuple(range(2022, 2027))
FINAL_YEARS = tuple(range(2022, 2026))
CN_NUMBERS = "一二三四五六七八九十"

# fund sources of budget income / project columns
GENERAL = "general"  # 一般公共预算
SPECIAL = "special"  # 财政专户管理资金
OWN = "own"  # 单位资金


@cache
def reference() -> dict:
    """The generator's data file (labels, codes, regions, organisations)."""
    with open(DATA_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def rng_for(*parts: object) -> random.Random:
    """A random generator seeded by the parts (stable across processes and runs)."""
    return random.Random("/".join(map(str, parts)))


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (up to 99)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_NUMBERS[tens - 1]
    return head + "十" + (CN_NUMBERS[ones - 1] if ones else "")


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str  # as printed before a unit's name: "山西省", "晋城市", "晋城市城区"
    short_name: str  # "城区"
    level: str  # province | city | county
    parent_code: str | None
    province_code: str
    province_name: str


@dataclass(frozen=True, slots=True)
class Unit:
    unit_id: str  # region code + organisation key (+ number): "140502-kexie"
    name: str
    region: Region
    org_key: str
    scope: str  # department | unit
    admin: bool  # 行政/参公 (True) or 事业单位 (False)
    funding: str  # fiscal | mixed | own
    staff: int
    run_item: str
    project_items: tuple[str, ...]
    project_names: tuple[str, ...]


def regions() -> list[Region]:
    """Every province, city and county of the data file."""
    out: list[Region] = []
    for p in reference()["provinces"]:
        out.append(Region(p["code"], p["name"], p["name"], "province", None, p["code"], p["name"]))
        for c in p["cities"]:
            out.append(
                Region(c["code"], c["name"], c["name"], "city", p["code"], p["code"], p["name"])
            )
            for code, name in c["counties"]:
                printed = c["name"] + name if name.endswith("区") else name
                out.append(Region(code, printed, name, "county", c["code"], p["code"], p["name"]))
    return out


def _org_name(org: dict, level: str) -> str | None:
    name = org["name"]
    if isinstance(name, dict):
        return name.get(level)
    return name


def _make_unit(seed: int, region: Region, org: dict, number: int | None) -> Unit:
    suffix = f"{number}" if number else ""
    unit_id = f"{region.code}-{org['key']}{suffix}"
    name = _org_name(org, region.level)
    if number:
        name = f"第{cn_number(number)}{name}"
    rng = rng_for(seed, "unit", unit_id)
    if org["scope"] == "department":
        funding = rng.choices(["fiscal", "mixed"], [85, 15])[0]
    else:
        funding = rng.choices(["fiscal", "mixed", "own"], [45, 35, 20])[0]
    base = {"province": (25, 90), "city": (10, 45), "county": (4, 22)}[region.level]
    return Unit(
        unit_id=unit_id,
        name=region.name + name,
        region=region,
        org_key=org["key"],
        scope=org["scope"],
        admin=bool(org["admin"]),
        funding=funding,
        staff=rng.randint(*base),
        run_item=org["run"],
        project_items=tuple(org["projects"]),
        project_names=tuple(org["project_names"]),
    )


def unit_pool(seed: int, needed: int) -> list[Unit]:
    """``needed`` distinct units spread over every region, in a seeded order."""
    orgs = reference()["organisations"]
    candidates: list[tuple[Region, dict]] = []
    for region in regions():
        for org in orgs:
            if region.level in org.get("levels", ("province", "city", "county")) and _org_name(
                org, region.level
            ):
                candidates.append((region, org))
    rng = rng_for(seed, "pool")
    rng.shuffle(candidates)
    units: list[Unit] = []
    numbered = [(r, o) for r, o in candidates if o.get("numbered")]
    counters: dict[str, int] = {}
    i = 0
    while len(units) < needed:
        if i < len(candidates):
            region, org = candidates[i]
        else:  # more units than regions x organisations: number further schools
            region, org = numbered[(i - len(candidates)) % len(numbered)]
        i += 1
        number = None
        if org.get("numbered"):
            number = counters[region.code] = counters.get(region.code, 0) + 1
        units.append(_make_unit(seed, region, org, number))
    return units


@dataclass(slots=True)
class Project:
    name: str
    code: str  # function item it is booked on
    yuan: int  # multiple of 100 (0.01 万元)
    source: str  # general | special | own


@dataclass(slots=True)
class BudgetPlan:
    """What a unit budgets for one year (all amounts in 元)."""

    unit: Unit
    year: int
    basic: dict[str, int]  # function item -> basic expenditure
    basic_source: str
    projects: list[Project]
    economic: dict[str, int]  # basic expenditure by 部门预算经济科目 (items)
    public_yuan: int  # 公用经费
    three_public: dict[str, int]  # outbound, reception, purchase, running
    procurement: dict[str, int]  # goods, works, services
    vehicles: int
    floor_area: float
    carry: dict = field(default_factory=dict)

    @property
    def project_by_item(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for p in self.projects:
            out[(p.code, p.source)] = out.get((p.code, p.source), 0) + p.yuan
        return out

    def items(self) -> dict[str, dict[str, int]]:
        """Per function item: basic, project, and amounts per fund source."""
        out: dict[str, dict[str, int]] = {}

        def slot(code: str) -> dict[str, int]:
            return out.setdefault(
                code,
                {
                    "basic": 0,
                    "project": 0,
                    GENERAL: 0,
                    SPECIAL: 0,
                    OWN: 0,
                    "general_basic": 0,
                    "general_project": 0,
                },
            )

        for code, yuan in self.basic.items():
            s = slot(code)
            s["basic"] += yuan
            s[self.basic_source] += yuan
            if self.basic_source == GENERAL:
                s["general_basic"] += yuan
        for p in self.projects:
            s = slot(p.code)
            s["project"] += p.yuan
            s[p.source] += p.yuan
            if p.source == GENERAL:
                s["general_project"] += p.yuan
        return dict(sorted(out.items()))

    @property
    def basic_total(self) -> int:
        return sum(self.basic.values())

    @property
    def project_total(self) -> int:
        return sum(p.yuan for p in self.projects)

    @property
    def total(self) -> int:
        return self.basic_total + self.project_total

    def source_total(self, source: str) -> int:
        basic = self.basic_total if self.basic_source == source else 0
        return basic + sum(p.yuan for p in self.projects if p.source == source)


def _split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """``total`` split in integer parts by jittered weights; parts sum to ``total`` exactly."""
    jittered = [w * rng.uniform(0.8, 1.2) for w in weights]
    scale = sum(jittered) or 1
    parts = [int(total * w / scale) for w in jittered]
    parts[-1] += total - sum(parts)
    return parts


def economic_breakdown(
    unit: Unit, basic: dict[str, int], wages: int, public: int, rng: random.Random
) -> dict[str, int]:
    """Basic expenditure by economic item, tied to the function items where they are tied
    (pension contributions, medical insurance, housing fund, retirees); sums to the basic
    total exactly."""
    items = reference()["economic_items"]
    econ: dict[str, int] = {}
    retire = basic.get("2080501", 0) + basic.get("2080502", 0)
    econ["30108"] = basic.get("2080505", 0)
    econ["30109"] = basic.get("2080506", 0)
    econ["30110"] = basic.get("2101101", 0) + basic.get("2101102", 0) + basic.get("2101103", 0)
    econ["30112"] = basic.get("2100799", 0)
    econ["30113"] = basic.get("2210201", 0)
    if retire:
        leave, bonus = (retire * 3 // 10, retire // 50) if rng.random() < 0.4 else (0, 0)
        econ["30301"], econ["30309"] = leave, bonus
        econ["30302"] = retire - leave - bonus
    wage_items = [
        i
        for i in items
        if i["code"] in ("30101", "30102", "30103", "30107")
        and not (i.get("institution_only") and unit.admin)
    ]
    for item, part in zip(
        wage_items, _split(wages, [i["weight"] for i in wage_items], rng), strict=True
    ):
        econ[item["code"]] = part
    public_items = [
        i
        for i in items
        if i["group"] == "public"
        and (i["code"] in ("30201", "30211", "30239", "30299") or rng.random() < 0.6)
    ]
    for item, part in zip(
        public_items, _split(public, [i["weight"] for i in public_items], rng), strict=True
    ):
        econ[item["code"]] = econ.get(item["code"], 0) + part
    return {k: v for k, v in sorted(econ.items()) if v}


def _round100(x: float) -> int:
    return max(100, round(x / 100.0) * 100)


@cache
def budget_plan(seed: int, unit: Unit, year: int) -> BudgetPlan:
    """The unit's budget for ``year`` (years before 2022 exist too: they feed 比上年)."""
    urng = rng_for(seed, "unit", unit.unit_id)
    rng = rng_for(seed, "budget", unit.unit_id, year)
    growth = (1 + urng.uniform(0.0, 0.06)) ** (year - 2022) * rng.uniform(0.96, 1.05)
    staff = max(2, unit.staff + rng.randint(-1, 1))
    wage_per_head = urng.uniform(95_000, 165_000)
    wages = int(staff * wage_per_head * growth)
    pension = int(wages * urng.uniform(0.14, 0.17))
    annuity = pension // 2
    medical = int(wages * urng.uniform(0.05, 0.08))
    housing = int(wages * urng.uniform(0.10, 0.13))
    retirees = int(wages * urng.uniform(0.0, 0.25)) if urng.random() < 0.8 else 0
    public = int(staff * urng.uniform(7_000, 16_000) * growth)
    basic: dict[str, int] = {unit.run_item: wages + public}
    if retirees:
        basic["2080501" if unit.admin else "2080502"] = retirees
    basic["2080505"] = pension
    basic["2080506"] = annuity
    if unit.admin or urng.random() < 0.5:
        civil = medical // 5
        basic["2101101" if unit.admin else "2101102"] = medical - civil
        basic["2101103"] = civil
    else:
        basic["2101102"] = medical
    if urng.random() < 0.5:
        basic["2100799"] = int(wages * 0.002) + 100
    basic["2210201"] = housing
    basic_source = OWN if unit.funding == "own" else GENERAL
    # projects: a unit keeps most of its projects from year to year
    projects: list[Project] = []
    n_projects = urng.randint(0, min(5, len(unit.project_names)))
    for k, name in enumerate(unit.project_names[:n_projects]):
        if rng.random() < 0.2:  # not funded this year
            continue
        prng = rng_for(seed, "project", unit.unit_id, k)
        size = prng.choice([5_000, 20_000, 80_000, 300_000, 1_200_000])
        size *= {"province": 3, "city": 1.5, "county": 1}[unit.region.level]
        yuan = _round100(size * prng.uniform(0.5, 2.0) * growth)
        code = unit.project_items[k % len(unit.project_items)]
        if unit.funding == "fiscal":
            source = GENERAL
        elif unit.funding == "own":
            source = OWN
        else:
            source = prng.choice([GENERAL, OWN, SPECIAL if unit.org_key == "school" else OWN])
        projects.append(Project(name, code, yuan, source))
    economic = economic_breakdown(unit, basic, wages, public, rng)
    fiscal = basic_source == GENERAL
    vehicles = urng.choice([0, 0, 1, 1, 2, 3]) if unit.admin else urng.choice([0, 0, 1])
    running = econ_running = economic.get("30231", 0) if fiscal and vehicles else 0
    reception = economic.get("30217", 0) if fiscal else 0
    outbound = (
        _round100(urng.uniform(20_000, 90_000))
        if fiscal and unit.region.level == "province" and urng.random() < 0.4
        else 0
    )
    if outbound:  # paid from 其他商品和服务支出 within the public funds
        outbound = min(outbound, economic.get("30299", 0))
    three_public = {"outbound": outbound, "reception": reception, "purchase": 0, "running": running}
    del econ_running
    goods = _round100(public * rng.uniform(0.02, 0.2)) if rng.random() < 0.7 else 0
    services = (
        _round100(sum(p.yuan for p in projects) * rng.uniform(0.0, 0.3))
        if projects and rng.random() < 0.5
        else 0
    )
    return BudgetPlan(
        unit=unit,
        year=year,
        basic=dict(sorted(basic.items())),
        basic_source=basic_source,
        projects=projects,
        economic=economic,
        public_yuan=public,
        three_public=three_public,
        procurement={"goods": goods, "works": 0, "services": services},
        vehicles=vehicles,
        floor_area=round(staff * urng.uniform(18, 30), 2),
    )


@dataclass(slots=True)
class FinalPlan:
    """What a unit received and spent in one year (all amounts in 元)."""

    unit: Unit
    year: int
    budget: BudgetPlan
    basic: dict[str, int]
    projects: list[Project]  # actual spending per project
    economic: dict[str, int]  # fiscal basic spending by economic item
    public_yuan: int
    revenue: dict[str, dict[str, int]]  # item -> fiscal | business | other
    opening: int  # 年初结转和结余
    closing: int  # 年末结转和结余
    three_public_budget: dict[str, int]
    three_public: dict[str, int]
    procurement: dict[str, int]
    vehicles: int

    def items(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}

        def slot(code: str) -> dict[str, int]:
            return out.setdefault(
                code, {"basic": 0, "project": 0, "general_basic": 0, "general_project": 0}
            )

        fiscal = self.budget.basic_source == GENERAL
        for code, yuan in self.basic.items():
            s = slot(code)
            s["basic"] += yuan
            if fiscal:
                s["general_basic"] += yuan
        for p in self.projects:
            s = slot(p.code)
            s["project"] += p.yuan
            if p.source == GENERAL:
                s["general_project"] += p.yuan
        return dict(sorted(out.items()))

    @property
    def expenditure(self) -> int:
        return sum(self.basic.values()) + sum(p.yuan for p in self.projects)

    @property
    def income(self) -> int:
        return sum(sum(v.values()) for v in self.revenue.values())

    def income_by(self, kind: str) -> int:
        return sum(v.get(kind, 0) for v in self.revenue.values())


@cache
def final_plan(seed: int, unit: Unit, year: int) -> FinalPlan:
    """The unit's final account for ``year``, executed against its budget for that year."""
    budget = budget_plan(seed, unit, year)
    rng = rng_for(seed, "final", unit.unit_id, year)
    basic = {code: int(yuan * rng.uniform(0.94, 1.03)) for code, yuan in budget.basic.items()}
    projects = [
        Project(p.name, p.code, _round100(p.yuan * rng.uniform(0.55, 1.0)), p.source)
        for p in budget.projects
    ]
    run = unit.run_item
    public = int(budget.public_yuan * basic[run] / max(1, budget.basic[run]))
    public = min(public, basic[run])
    wages = basic[run] - public
    economic = (
        economic_breakdown(unit, basic, wages, public, rng)
        if budget.basic_source == GENERAL
        else {}
    )
    revenue: dict[str, dict[str, int]] = {}
    fiscal_basic = budget.basic_source == GENERAL
    non_fiscal: dict[str, int] = {}
    for code, yuan in basic.items():
        if fiscal_basic:
            revenue.setdefault(code, {})["fiscal"] = yuan
        else:
            non_fiscal[code] = non_fiscal.get(code, 0) + yuan
    for p in projects:
        if p.source == GENERAL:
            slot = revenue.setdefault(p.code, {})
            slot["fiscal"] = slot.get("fiscal", 0) + p.yuan
        else:
            non_fiscal[p.code] = non_fiscal.get(p.code, 0) + p.yuan
    for code, yuan in non_fiscal.items():
        received = int(yuan * rng.uniform(0.95, 1.12))
        other = received // 500 if rng.random() < 0.5 else 0
        slot = revenue.setdefault(code, {})
        slot["business" if not unit.admin else "other"] = received - other
        if other:
            slot["other"] = slot.get("other", 0) + other
    revenue = {k: {kk: vv for kk, vv in v.items() if vv} for k, v in sorted(revenue.items())}
    income = sum(sum(v.values()) for v in revenue.values())
    expenditure = sum(basic.values()) + sum(p.yuan for p in projects)
    opening = int(sum(non_fiscal.values()) * rng.uniform(0.0, 0.12)) if non_fiscal else 0
    opening = max(opening, expenditure - income)
    closing = opening + income - expenditure
    budget_3p = budget.three_public
    actual_3p = {k: int(v * rng.uniform(0.6, 1.0)) for k, v in budget_3p.items()}
    # the actual running and reception costs are what the economic items say
    if economic:
        actual_3p["running"] = economic.get("30231", 0) if budget_3p["running"] else 0
        actual_3p["reception"] = economic.get("30217", 0) if budget_3p["reception"] else 0
        actual_3p["outbound"] = min(actual_3p["outbound"], economic.get("30299", 0))
    else:
        actual_3p = dict.fromkeys(budget_3p, 0)
    # the final account prints the adjusted budget (全年预算数, 按规定程序调整后的预算数), which
    # covers what was spent
    budget_3p = {k: max(v, actual_3p[k]) for k, v in budget_3p.items()}
    procurement = {k: int(v * rng.uniform(0.7, 1.0)) for k, v in budget.procurement.items()}
    return FinalPlan(
        unit=unit,
        year=year,
        budget=budget,
        basic=basic,
        projects=projects,
        economic=economic,
        public_yuan=public,
        revenue=revenue,
        opening=opening,
        closing=closing,
        three_public_budget=budget_3p,
        three_public=actual_3p,
        procurement=procurement,
        vehicles=budget.vehicles,
    )
