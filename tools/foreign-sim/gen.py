#!/usr/bin/env python3
"""Independent traffic simulator for distill-guard replay (see README.md).

    python3 gen.py --out DIR --seed N [--scale S] [--corpus PATH]
    python3 gen.py --check DIR          # re-validate an existing dataset
"""
import argparse
import calendar
import hashlib
import json
import math
import os
import random
import sys
import time
from collections import Counter, defaultdict, deque

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import textbank as tb  # noqa: E402
import netpool as npl  # noqa: E402
from dialects import build, count_input_tokens, rid, tool_args, tool_result, AGENT_TOOLSETS  # noqa: E402

SEC, MIN, HOUR, DAY = 1000, 60000, 3600000, 86400000
T0 = calendar.timegm((2027, 3, 1, 0, 0, 0)) * 1000
T_END = T0 + 2 * DAY
RELEASE = T0 + int(0.4 * (T_END - T0))
TIER_LIMITS = {'free': (20, 40000), 'edu': (60, 100000), 'research': (60, 100000), 'paid': (500, 1000000),
               'enterprise': (4000, 8000000)}
OAI_NEW, ANT_NEW = 'frontier-2', 'claude-frontier-2'

CONSUMER = [.18, .1, .06, .04, .04, .06, .15, .3, .5, .65, .75, .8, .85, .8, .75, .75, .8, .85, .9, 1, 1, .9, .65, .35]
WORK = [.02, .01, .01, .01, .01, .02, .05, .2, .6, .95, 1, 1, .7, .8, 1, 1, .95, .8, .45, .25, .2, .18, .12, .05]
STUDENT = [.35, .2, .08, .03, .02, .02, .05, .15, .35, .5, .55, .55, .5, .6, .7, .75, .8, .85, .9, 1, 1, .95, .8, .55]
BUSINESS = [.1, .06, .04, .04, .05, .1, .25, .5, .8, 1, 1, .95, .9, .95, 1, .95, .9, .8, .7, .6, .5, .4, .3, .18]
FLAT = [1.0] * 24

pick, wpick = tb.pick, tb.wpick


def sub_rng(seed, *names):
    h = hashlib.sha256(('%d|' % seed + '|'.join(map(str, names))).encode()).digest()
    return random.Random(int.from_bytes(h[:8], 'big'))


def lognorm(rng, median, sigma):
    return median * math.exp(rng.gauss(0, sigma))


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def when(rng, lo, hi, tz, prof):
    lo, hi = int(lo), int(hi)
    if hi <= lo:
        return lo
    for _ in range(300):
        t = lo + rng.random() * (hi - lo)
        if rng.random() < prof[int(npl.local_hour(t, T0, tz)) % 24]:
            return int(t)
    return int(lo + rng.random() * (hi - lo))


def latency(rng, out_tok, tps=None):
    tps = tps or rng.uniform(45, 110)
    return int(rng.uniform(300, 1800) + out_tok / tps * 1000)


def adopt_p(t, cap, half_h, delay_h=0.0):
    if t < RELEASE + delay_h * HOUR:
        return 0.0
    return cap * (1 - math.exp(-(t - RELEASE - delay_h * HOUR) / (half_h * HOUR)))


# ====================================================================== accounts & requests

class Acct:
    def __init__(self, idx, aid, label, tier, verified, created, org, baseline, keys, margin):
        self.idx, self.id, self.label, self.tier = idx, aid, label, tier
        self.verified, self.created, self.org, self.baseline = verified, created, org, baseline
        self.keys, self.margin = keys, margin
        self.pending = []
        self.seq = 0

    def record(self):
        r = {'account': self.id}
        if self.org:
            r['org'] = self.org
        r['apiKeys'] = self.keys
        r['tier'] = self.tier
        r['verified'] = self.verified
        r['createdAt'] = self.created
        if self.baseline:
            r['baseline'] = self.baseline
        return r

    def limits(self, t):
        rpm, tpm = TIER_LIMITS[self.tier]
        b = self.baseline
        if b and (b.get('until') is None or t < b['until']):
            rpm, tpm = max(rpm, b.get('rpm', 0)), max(tpm, b.get('tpm', 0))
        return rpm, tpm


class Sim:
    def __init__(self, seed, scale):
        self.seed, self.scale = seed, scale
        self.accounts = []
        self.lines = []
        self.orgs = {}
        self.ids = set()
        self.pools = npl.SharedPools(self.rng('shared-pools'))
        self.stats = defaultdict(Counter)
        self.delays = defaultdict(list)
        self.home_ips = []

    def rng(self, *names):
        return sub_rng(self.seed, *names)

    def n(self, base):
        return max(1, int(round(base * self.scale)))

    def uid(self, rng, prefix, n):
        while True:
            s = prefix + ''.join(pick(rng, '0123456789abcdef') for _ in range(n))
            if s not in self.ids:
                self.ids.add(s)
                return s

    def org(self, rng, key):
        if key not in self.orgs:
            self.orgs[key] = self.uid(rng, 'org_', 12)
        return self.orgs[key]

    def account(self, rng, label, tier, verified, created, org=None, baseline=None, nkeys=1, margin=0.85):
        keys = ['sk-' + rid(rng, 48) for _ in range(nkeys)]
        a = Acct(len(self.accounts), self.uid(rng, 'acct_', 16), label, tier, bool(verified), int(created), org,
                 baseline, keys, margin)
        self.accounts.append(a)
        return a

    # ------------------------------------------------------------ one request
    def req(self, a, ts, dialect, conv, model, o, client, net, vis, rea=0, key=None, max_in=None):
        rng = self.rng('req', a.idx, a.seq)
        if max_in is None:
            max_in = int(a.limits(ts)[1] * a.margin * 0.5)
        path, body, hdr = build(rng, dialect, conv, model, o)
        in_tok = count_input_tokens(body)
        guard = 0
        while in_tok > max_in and guard < 40:  # client-side history trimming
            turns = conv['turns']
            cut = 2 if len(turns) > 3 else 0
            while cut < len(turns) - 1 and turns[cut]['role'] != 'user':
                cut += 1
            if cut == 0 or cut >= len(turns) - 1:
                break
            conv = dict(conv, turns=turns[cut:])
            path, body, hdr = build(rng, dialect, conv, model, o)
            in_tok = count_input_tokens(body)
            guard += 1
        n = o.get('n', 1) or 1
        per = int(vis) + int(rea)
        if dialect == 'messages' and o.get('thinking'):
            per = int(vis) + min(int(rea), o['thinking'])
        mo = o.get('max_out') or (4096 if dialect == 'messages' else None)
        if mo:
            per = min(per, mo)
        per = max(1, per)
        out_tok = per * n
        cap = int(a.limits(ts)[1] * a.margin) - in_tok
        if out_tok > cap:
            out_tok = max(1, cap)
        headers = {}
        if dialect == 'messages':
            if client['kind'].startswith('anthropic'):
                headers.update(client['headers'])
            headers.update(hdr)
            if client['kind'] in ('chrome', 'firefox', 'safari', 'edge', 'electron'):
                headers['anthropic-dangerous-direct-browser-access'] = 'true'
        elif client['kind'].startswith('openai'):
            headers.update(client['headers'])
        if o.get('stream'):
            headers['accept'] = 'text/event-stream'
        a.pending.append((int(ts), a.seq, path, body, headers, {'input_tokens': in_tok, 'output_tokens': out_tok},
                          client, net, key or a.keys[0]))
        a.seq += 1
        return out_tok

    # ------------------------------------------------------------ pacing & serialization
    def finalize(self, a):
        if not a.pending:
            return
        a.pending.sort(key=lambda x: (x[0], x[1]))
        win = deque()
        tok_sum = 0
        last = a.created + 1000
        rng = self.rng('net', a.idx)
        for (ts, seq, path, body, headers, usage, client, net, key) in a.pending:
            t = max(ts, last, a.created + 1000)
            tok = usage['input_tokens'] + usage['output_tokens']
            while True:
                while win and win[0][0] <= t - MIN:
                    tok_sum -= win.popleft()[1]
                rpm, tpm = a.limits(t)
                if len(win) + 1 <= int(rpm * a.margin) and tok_sum + tok <= tpm * a.margin:
                    break
                t = win[0][0] + MIN + 1
            if t > ts:
                self.delays[a.label].append(t - ts)
            last = t
            win.append((t, tok))
            tok_sum += tok
            if t >= T_END:
                self.stats[a.label]['dropped_end'] += 1
                continue
            ip, asn, cc = net.pick(rng, t)
            rec = {'ts': t, 'apiKey': key, 'ip': ip, 'asn': asn, 'country': cc, 'ja4': client['ja4'],
                   'userAgent': client['ua'], 'method': 'POST', 'path': path}
            if headers:
                rec['headers'] = headers
            rec['body'] = body
            rec['usage'] = usage
            rec['label'] = a.label
            self.lines.append((t, a.idx, seq, json.dumps(rec, ensure_ascii=False, separators=(',', ':'))))
        a.pending = []


# ====================================================================== shared helpers

def oai_model(rng, t, mini_p, new_p):
    if rng.random() < new_p:
        return OAI_NEW
    return 'frontier-mini' if rng.random() < mini_p else 'frontier-1'


def ant_model(rng, t, new_p):
    return ANT_NEW if rng.random() < new_p else 'claude-frontier-1'


def model_for(dialect, rng, t, mini_p=0.3, new_p=0.0):
    if dialect == 'messages':
        return ant_model(rng, t, new_p)
    if dialect == 'completions':
        return 'frontier-mini' if rng.random() < 0.6 and new_p == 0 else oai_model(rng, t, 0, new_p)
    return oai_model(rng, t, mini_p, new_p)


def dialect_for_client(rng, kind):
    if kind.startswith('anthropic'):
        return 'messages'
    if kind.startswith('openai'):
        return wpick(rng, [('chat', 72), ('responses', 28)])
    if kind in ('curl', 'httpx', 'requests', 'aiohttp', 'go', 'java'):
        return wpick(rng, [('chat', 55), ('messages', 30), ('responses', 8), ('completions', 7)])
    return wpick(rng, [('chat', 55), ('messages', 35), ('responses', 10)])


def home_net(sim, rng, cc, tz, mobile_p=0.2, work=None, work_p=0.0):
    home = npl.isp_addr(rng, cc, 'res', 0.12)
    home2 = switch = None
    if rng.random() < 0.08:
        home2, switch = npl.isp_addr(rng, cc, 'res', 0.12), T0 + int(rng.random() * 2 * DAY)
    sim.home_ips.append(home)
    mob = cc if rng.random() < 0.6 else None
    return npl.HomeNet(rng, T0, tz, home, home2, switch, mob, mobile_p if mob else 0, work, work_p, pools=sim.pools)


def reasoning_tokens(rng, effort):
    return int(lognorm(rng, {'minimal': 80, 'low': 350, 'medium': 1400, 'high': 4200}[effort], 0.7))


def user_opts(rng, dialect, client_kind, model):
    """Interactive-user request parameters."""
    o = {}
    browser = client_kind in ('chrome', 'firefox', 'safari', 'edge', 'electron')
    o['stream'] = rng.random() < (0.9 if browser else 0.35)
    o['stream_usage'] = o['stream'] and rng.random() < 0.5
    r = rng.random()
    if r < 0.25:
        o['temperature'] = pick(rng, [0.7, 1, 0.5, 0.8, 0.2])
    if dialect == 'messages':
        o['max_out'] = pick(rng, [1024, 2048, 4096, 4096, 8192])
        if rng.random() < 0.12:
            o['thinking'] = pick(rng, [1024, 2048, 4096, 8000])
            o['max_out'] = o['thinking'] + pick(rng, [2048, 4096, 8192])
            o.pop('temperature', None)
    elif dialect == 'chat':
        if rng.random() < 0.55:
            o['max_out'] = pick(rng, [512, 1024, 2048, 4096])
            o['max_key'] = pick(rng, ['max_tokens', 'max_completion_tokens'])
        if model != 'frontier-mini' and rng.random() < 0.1:
            o['effort'] = pick(rng, ['low', 'medium', 'high'])
            o['max_key'] = 'max_completion_tokens'
    elif dialect == 'responses':
        if rng.random() < 0.5:
            o['max_out'] = pick(rng, [1024, 2048, 4096, 8000])
        if rng.random() < 0.3:
            o['effort'] = pick(rng, ['low', 'medium', 'medium', 'high'])
            if rng.random() < 0.5:
                o['summary'] = pick(rng, ['auto', 'auto', 'concise', 'detailed'])
        o['store'] = rng.random() < 0.6
    elif dialect == 'completions':
        o['max_out'] = pick(rng, [256, 512, 1024])
    return o


def vis_reason(rng, o, median_vis, sigma=0.7):
    vis = int(lognorm(rng, median_vis, sigma)) + 5
    rea = 0
    if o.get('effort'):
        rea = reasoning_tokens(rng, o['effort'])
    if o.get('thinking'):
        rea = int(min(o['thinking'], lognorm(rng, 0.45 * o['thinking'], 0.5)))
    return vis, rea


def eo(stem, repo, pred=None):
    return tb.corpus(stem, repo, pred)


# ====================================================================== legit scenarios

def sc_chat(sim, count):
    wiz = eo('legit_eval_benchmarks', 'nlpxucan/WizardLM')
    lab = 'legit:chat'
    for i in range(count):
        r = sim.rng('chat', i)
        cc = wpick(r, npl.USER_COUNTRIES)
        tz = pick(r, npl.TZ[cc])
        tier = wpick(r, [('free', 55), ('paid', 40), ('enterprise', 5)])
        created = T0 - int(r.uniform(1, 700) * DAY)
        if r.random() < 0.04:
            created = T0 + int(r.uniform(0.05, 1.2) * DAY)
        verified = r.random() < {'free': 0.3, 'paid': 0.85, 'enterprise': 1}[tier]
        org = sim.org(r, ('chat-ent', r.randrange(3))) if tier == 'enterprise' else None
        a = sim.account(r, lab, tier, verified, created, org, nkeys=1 + (r.random() < 0.15))
        ck = wpick(r, [('chrome', 20), ('firefox', 6), ('safari', 8), ('edge', 3), ('electron', 12), ('openai-py', 17),
                       ('openai-node', 8), ('anthropic-py', 10), ('anthropic-ts', 5), ('curl', 4), ('httpx', 3)])
        client = npl.make_client(r, ck)
        dialect = dialect_for_client(r, ck)
        work = None
        if tier == 'enterprise' or r.random() < 0.12:
            work = [npl.pool_addr(r, npl.CORP, pick(r, sorted(npl.CORP)), cc) for _ in range(2)]
        net = home_net(sim, r, cc, tz, mobile_p=r.uniform(0.05, 0.35), work=work, work_p=0.8)
        early = r.random() < 0.4
        mini_p = r.uniform(0, 0.6)
        rate = r.gammavariate(1.5, 2.4)  # conversations per day
        for day in (0, 1):
            for _ in range(poisson(r, rate)):
                lo = max(T0 + day * DAY, created + 2 * MIN)
                t = when(r, lo, T0 + (day + 1) * DAY, tz, CONSUMER)
                nt = min(14, 1 + int(r.expovariate(1 / 2.8)))
                chat_conversation(sim, a, r, t, nt, dialect, client, net, mini_p, early, wiz)


def chat_conversation(sim, a, r, t, nturns, dialect, client, net, mini_p, early, wiz, opener=None, follows=None,
                      system=None, image_p=0.03, newp_fn=None):
    topic, text = opener if opener else tb.chat_opener(r, wiz)
    conv = {'system': system, 'turns': []}
    newp = newp_fn(t) if newp_fn else (adopt_p(t, 0.7, 5) if early else adopt_p(t, 0.15, 10, 6))
    model = model_for(dialect, r, t, mini_p, newp)
    o = user_opts(r, dialect, client['kind'], model)
    if system is None and r.random() < 0.25:
        conv['system'] = pick(r, ['You are a helpful assistant.', 'Answer concisely.', 'You are a friendly assistant. Use markdown.',
                                  'Be concise, accurate and kind. If you are unsure, say so.'])
    for k in range(nturns):
        turn = {'role': 'user', 'text': text}
        if k == 0 and r.random() < image_p:
            turn['text'] = pick(r, tb.LEGIT_VISION)
            turn['images'] = [('url', tb.image_url(r))] if r.random() < 0.5 else [('b64', 'image/jpeg', tb.fake_b64(r))]
        conv['turns'].append(turn)
        vis, rea = vis_reason(r, o, 320 if topic not in ('code', 'bug') else 520)
        out = sim.req(a, t, dialect, conv, model, o, client, net, vis, rea)
        vis_out = max(20, out - rea)
        reply = tb.code_reply(r, min(vis_out, 900)) if topic in ('code', 'bug') else tb.reply_text(r, topic, min(vis_out, 900), turn['text'])
        conv['turns'].append({'role': 'assistant', 'text': reply})
        t += latency(r, out) + int(lognorm(r, 35 * SEC, 0.9)) + int(len(reply) * 12)
        if r.random() < 0.07:
            t += int(r.uniform(5, 70) * MIN)
        text = pick(r, follows) if follows else pick(r, tb.FOLLOWUPS)
        if r.random() < 0.15 and not follows:
            text = tb.chat_opener(r)[1]  # topic switch inside the same thread
    return t


def sc_students(sim, count):
    lab = 'legit:student'
    nuni = len(npl.EDU)
    for i in range(count):
        r = sim.rng('student', i)
        ui = r.randrange(nuni)
        asn, cc, _ = npl.EDU[ui]
        tz = pick(r, npl.TZ[cc])
        created = T0 - int(r.uniform(10, 200) * DAY)
        if r.random() < 0.05:
            created = T0 + int(r.uniform(0.1, 1.3) * DAY)
        a = sim.account(r, lab, 'edu', r.random() < 0.5, created, org=sim.org(r, ('uni', ui)) if r.random() < 0.5 else None)
        ck = wpick(r, [('chrome', 30), ('safari', 10), ('firefox', 6), ('openai-py', 30), ('anthropic-py', 16), ('electron', 8)])
        client = npl.make_client(r, ck)
        dialect = dialect_for_client(r, ck)
        net = home_net(sim, r, cc, tz, mobile_p=0.15, work=sim.pools.campus_pool(ui), work_p=0.85)
        for day in (0, 1):
            if r.random() > 0.8:
                continue
            for _ in range(1 + (r.random() < 0.3)):
                t = when(r, max(T0 + day * DAY, created + MIN), T0 + (day + 1) * DAY, tz, STUDENT)
                for q in range(r.randint(3, 8)):
                    nt = 1 + (r.random() < 0.5) + (r.random() < 0.25)
                    t = chat_conversation(sim, a, r, t, nt, dialect, client, net, 0.7, False, None,
                                          opener=('homework', tb.homework(r)), follows=tb.STUDENT_FOLLOW, image_p=0.02)
                    t += int(lognorm(r, 3 * MIN, 0.8))


def sc_release_day(sim, count):
    lab = 'legit:release-day'
    for i in range(count):
        r = sim.rng('release', i)
        cc = wpick(r, npl.USER_COUNTRIES)
        tz = pick(r, npl.TZ[cc])
        new = r.random() < 0.4
        if new:
            created = RELEASE + int(r.expovariate(1 / (4 * HOUR)))
            created = min(created, T_END - 3 * HOUR)
            tier = wpick(r, [('free', 70), ('paid', 30)])
            verified = r.random() < 0.2
        else:
            created = T0 - int(r.uniform(20, 600) * DAY)
            tier = wpick(r, [('free', 40), ('paid', 55), ('enterprise', 5)])
            verified = r.random() < 0.7
        a = sim.account(r, lab, tier, verified, created)
        ck = wpick(r, [('chrome', 25), ('safari', 8), ('openai-py', 25), ('anthropic-py', 15), ('curl', 10), ('electron', 7),
                       ('openai-node', 5), ('firefox', 5)])
        client = npl.make_client(r, ck)
        dialect = dialect_for_client(r, ck)
        net = home_net(sim, r, cc, tz, mobile_p=0.2)
        t = max(RELEASE, created) + int(r.expovariate(1 / (3 * HOUR))) + 2 * MIN
        for s in range(r.randint(1, 3)):
            for c in range(r.randint(1, 5)):
                nt = r.randint(1, 4)
                prompt = ('release', tb.curiosity(r))
                if r.random() < 0.15 and dialect != 'completions':  # same prompt on old then new model
                    conv = {'system': None, 'turns': [{'role': 'user', 'text': prompt[1]}]}
                    o = user_opts(r, dialect, ck, 'frontier-1')
                    old = 'claude-frontier-1' if dialect == 'messages' else 'frontier-1'
                    vis, rea = vis_reason(r, o, 400)
                    out = sim.req(a, t, dialect, conv, old, o, client, net, vis, rea)
                    t += latency(r, out) + int(lognorm(r, 20 * SEC, 0.6))
                t = chat_conversation(sim, a, r, t, nt, dialect, client, net, 0.0, True, None, opener=prompt,
                                      newp_fn=lambda _t: 0.92, image_p=0.05)
                t += int(lognorm(r, 4 * MIN, 0.9))
            t += int(r.uniform(1, 8) * HOUR)
            if t >= T_END:
                break
    # existing chat users also move to the new model: handled in chat_conversation via adopt_p


def make_eval_items(r, n, mix):
    bbh = eo('legit_eval_benchmarks', 'suzgunmirac/BIG-Bench-Hard')
    bbh_cot = eo('distill_cot_elicitation', 'suzgunmirac/BIG-Bench-Hard')
    wiz = eo('legit_eval_benchmarks', 'nlpxucan/WizardLM')
    items = []
    for _ in range(n):
        k = wpick(r, mix)
        if k == 'math':
            items.append(('math', tb.math_problem(r)))
        elif k == 'logic':
            items.append(('logic', tb.logic_puzzle(r)))
        elif k == 'mcq':
            items.append(('mcq', tb.mcq_item(r)))
        elif k == 'bbh' and bbh:
            items.append(('bbh', pick(r, bbh)['text']))
        elif k == 'bbh-cot' and bbh_cot:
            items.append(('bbh-cot', pick(r, bbh_cot)['text']))
        elif k == 'wiz' and wiz:
            items.append(('wiz', pick(r, wiz)['text']))
        elif k == 'code':
            items.append(('code', tb.code_task(r, 'Python')))
        elif k == 'tools':
            items.append(('tools', pick(r, ['Book the cheapest flight from LIS to FRA on 2027-03-19 and add it to my calendar.',
                                            'What is the weather in Osaka tomorrow, in celsius?',
                                            'Email the team a summary of how many orders we had in the last 7 days.',
                                            'Get the latest quote for ACME and compute its 5% move range.',
                                            'Open a high-priority ticket about the latency regression in the API.'])))
        else:
            items.append(('math', tb.math_problem(r)))
    return items


def run_batch(sim, a, r, start, jobs, concurrency, client, net, stop_at=None):
    """jobs: list of (dialect, conv, model, opts, vis, rea). Closed-loop workers."""
    free = [start + int(r.uniform(0, 3000)) for _ in range(concurrency)]
    for (dialect, conv, model, o, vis, rea) in jobs:
        w = min(range(concurrency), key=lambda j: free[j])
        t = free[w]
        if stop_at and t >= stop_at:
            break
        out = sim.req(a, t, dialect, conv, model, o, client, net, vis, rea)
        free[w] = t + latency(r, out, r.uniform(60, 140)) + int(r.uniform(30, 400))
    return max(free)


def eval_jobs(r, items, harness, system, models, o_base, tools=None, vis_med=380):
    jobs = []
    for (dialect, model) in models:
        for kind, text in items:
            if kind == 'bbh-cot':
                utext = text
            else:
                utext = harness.format(item=text)
            conv = {'system': system or None, 'turns': [{'role': 'user', 'text': utext}]}
            if kind == 'tools' and tools:
                conv['tools'] = tools
            o = dict(o_base.get(dialect, {}))
            if dialect == 'completions':
                o['raw_prompt'] = True
            vis, rea = vis_reason(r, o, vis_med if kind != 'code' else 500, 0.5)
            jobs.append((dialect, conv, model, o, vis, rea))
    return jobs


def sc_evals(sim):
    mix_std = [('math', 30), ('logic', 12), ('mcq', 14), ('bbh', 14), ('bbh-cot', 10), ('wiz', 8), ('code', 12)]
    suites = []
    sc = sim.scale
    # A: enterprise, documented baseline, two accounts, nightly + release-day run on the new models
    r = sim.rng('eval', 'A')
    orgA = sim.org(r, 'evalA')
    base = {'rpm': 6000, 'tpm': 12000000, 'domains': ['reasoning', 'math', 'coding'],
            'note': 'Nightly model-regression harness: CoT benchmark suites, 1-3k items per run, concurrency <= 64'}
    for j in range(2):
        rj = sim.rng('eval', 'A', j)
        a = sim.account(rj, 'legit:eval-baseline', 'enterprise', True, T0 - int(rj.uniform(200, 500) * DAY), orgA, dict(base), 2)
        client = npl.make_client(rj, 'openai-py' if j == 0 else 'anthropic-py')
        net = npl.FixedNet([npl.pool_addr(rj, npl.CLOUD, 'aws', 'US') for _ in range(3)])
        dial = 'chat' if j == 0 else 'messages'
        o_base = {'chat': {'temperature': 0, 'max_out': 4096, 'max_key': 'max_completion_tokens', 'seed': 1234},
                  'messages': {'max_out': 16000, 'thinking': 8000}}
        harness = tb.EVAL_HARNESS[0]
        runs = [(T0 + 1 * HOUR + int(rj.uniform(0, 10) * MIN), 'frontier-1' if j == 0 else 'claude-frontier-1'),
                (T0 + DAY + 1 * HOUR + int(rj.uniform(0, 10) * MIN), 'frontier-1' if j == 0 else 'claude-frontier-1'),
                (RELEASE + int(rj.uniform(1.5, 3) * HOUR), OAI_NEW if j == 0 else ANT_NEW),
                (T0 + DAY + 2 * HOUR, OAI_NEW if j == 0 else ANT_NEW)]
        for (st, model) in runs:
            items = make_eval_items(rj, int(800 * sc), mix_std)
            jobs = eval_jobs(rj, items, harness, '', [(dial, model)], o_base)
            run_batch(sim, a, rj, st, jobs, 48, client, net)
        sim.finalize(a)
    # B: enterprise, no baseline, Responses API with reasoning, business hours US-East
    orgB = sim.org(sim.rng('eval', 'B'), 'evalB')
    for j in range(2):
        rj = sim.rng('eval', 'B', j)
        a = sim.account(rj, 'legit:eval-suite', 'enterprise', True, T0 - int(rj.uniform(100, 300) * DAY), orgB)
        client = npl.make_client(rj, 'openai-py')
        net = npl.FixedNet([npl.pool_addr(rj, npl.CLOUD, 'gcp', 'US') for _ in range(2)])
        o_base = {'responses': {'effort': 'high', 'summary': 'auto', 'max_out': 16000, 'store': False}}
        for st in (T0 + 14 * HOUR, T0 + 20 * HOUR, T0 + DAY + 14 * HOUR, T0 + DAY + 20 * HOUR):
            items = make_eval_items(rj, int(450 * sc), [('math', 40), ('logic', 20), ('bbh', 20), ('mcq', 20)])
            model = OAI_NEW if (st > RELEASE and j == 1) else 'frontier-1'
            jobs = eval_jobs(rj, items, tb.EVAL_HARNESS[1], None, [('responses', model)], o_base, vis_med=300)
            run_batch(sim, a, rj, st + int(rj.uniform(0, 20) * MIN), jobs, 24, client, net)
        sim.finalize(a)
    # C: research tier with baseline that expires mid-period (until = T0+36h)
    rj = sim.rng('eval', 'C')
    until = T0 + 36 * HOUR
    a = sim.account(rj, 'legit:eval-baseline', 'research', True, T0 - 90 * DAY, sim.org(rj, 'evalC'),
                    {'rpm': 300, 'tpm': 600000, 'domains': ['reasoning', 'math', 'general'],
                     'note': 'University benchmark study (few-shot and CoT prompting), approved for the March sprint', 'until': until})
    client = npl.make_client(rj, 'httpx')
    net = npl.FixedNet([npl.pool_addr(rj, npl.CLOUD, 'hetzner', 'DE')])
    o_base = {'chat': {'temperature': 0, 'max_out': 2048}, 'completions': {'temperature': 0, 'max_out': 512, 'logprobs_int': 5}}
    for st in (T0 + 9 * HOUR, T0 + 21 * HOUR, T0 + DAY + 8 * HOUR):
        items = make_eval_items(rj, int(700 * sc), [('math', 35), ('bbh', 25), ('bbh-cot', 25), ('mcq', 15)])
        jobs = eval_jobs(rj, items, tb.EVAL_HARNESS[2], '', [('chat', 'frontier-1'), ('completions', 'frontier-mini')][:1 + (rj.random() < .5)],
                         o_base)
        run_batch(sim, a, rj, st, jobs, 12, client, net, stop_at=until - 20 * MIN)
    # after the baseline expired: a small, slow run within the research default limits
    items = make_eval_items(rj, int(120 * sc), [('math', 50), ('mcq', 50)])
    run_batch(sim, a, rj, until + 2 * HOUR, eval_jobs(rj, items, tb.EVAL_HARNESS[2], '', [('chat', 'frontier-1')], o_base), 2, client, net)
    sim.finalize(a)
    # D: paid startup, no baseline
    rj = sim.rng('eval', 'D')
    a = sim.account(rj, 'legit:eval-suite', 'paid', True, T0 - 60 * DAY)
    client = npl.make_client(rj, 'openai-node')
    net = npl.FixedNet([npl.pool_addr(rj, npl.CLOUD, 'do', 'US'), npl.pool_addr(rj, npl.CLOUD, 'do', 'US')])
    for st in (T0 + 16 * HOUR, T0 + DAY + 3 * HOUR, T0 + DAY + 16 * HOUR):
        items = make_eval_items(rj, int(380 * sc), mix_std)
        model = 'frontier-mini' if rj.random() < .4 else ('frontier-1' if st < RELEASE else OAI_NEW)
        jobs = eval_jobs(rj, items, tb.EVAL_HARNESS[3], 'You are an expert problem solver. Be precise.', [('chat', model)],
                         {'chat': {'temperature': 0, 'seed': 7, 'max_out': 3000}})
        run_batch(sim, a, rj, st, jobs, 6, client, net)
    sim.finalize(a)
    # E: enterprise with baseline, coding + function-calling benchmark
    rj = sim.rng('eval', 'E')
    a = sim.account(rj, 'legit:eval-baseline', 'enterprise', True, T0 - 300 * DAY, sim.org(rj, 'evalE'),
                    {'rpm': 5000, 'tpm': 10000000, 'domains': ['coding', 'agentic', 'tool-use'],
                     'note': 'Internal agent benchmark: function calling and code generation, twice daily'})
    client = npl.make_client(rj, 'openai-py')
    net = npl.FixedNet([npl.pool_addr(rj, npl.CLOUD, 'azure', 'US') for _ in range(4)])
    for st in (T0 + 3 * HOUR, T0 + 15 * HOUR, T0 + DAY + 3 * HOUR, T0 + DAY + 15 * HOUR):
        items = make_eval_items(rj, int(330 * sc), [('code', 50), ('tools', 50)])
        model = OAI_NEW if st > RELEASE and rj.random() < .6 else 'frontier-1'
        jobs = []
        for kind, text in items:
            conv = {'system': 'You are a function-calling agent. Call tools when needed.' if kind == 'tools' else 'Write the solution in a single code block.',
                    'turns': [{'role': 'user', 'text': text}]}
            if kind == 'tools':
                conv['tools'] = AGENT_TOOLSETS['fc-bench']
            o = {'temperature': 0, 'max_out': 2048, 'tool_choice': 'auto' if kind == 'tools' else None, 'effort': 'medium'}
            vis, rea = vis_reason(rj, o, 120 if kind == 'tools' else 450, 0.5)
            jobs.append(('chat', conv, model, o, vis, rea))
        run_batch(sim, a, rj, st, jobs, 32, client, net)
    sim.finalize(a)


def sc_judges(sim):
    cfg = [('score', 'paid', 'chat', None, 16), ('pairwise', 'enterprise', 'chat', {'rpm': 5000, 'tpm': 10000000, 'domains': ['writing', 'general'],
                                                                                     'note': 'Preference labelling pipeline for our own RLHF data, A/B judging at temperature 0'}, 64),
           ('toxicity', 'paid', 'messages', None, 12), ('relevance', 'paid', 'responses', None, 20),
           ('sentiment', 'enterprise', 'chat', None, 24), ('faithful', 'paid', 'messages', None, 10)]
    for i, (kind, tier, dialect, base, conc) in enumerate(cfg):
        r = sim.rng('judge', i)
        a = sim.account(r, 'legit:judge-pipeline', tier, True, T0 - int(r.uniform(60, 400) * DAY),
                        sim.org(r, ('judge', i)) if tier == 'enterprise' else None, base)
        client = npl.make_client(r, 'anthropic-py' if dialect == 'messages' else pick(r, ['openai-py', 'openai-node', 'openai-py']))
        net = npl.FixedNet([npl.pool_addr(r, npl.CLOUD, pick(r, ['aws', 'gcp', 'azure']), 'US') for _ in range(2)])
        tmpl_sys = {'score': 'You are a strict, impartial grader.', 'pairwise': None, 'toxicity': 'You are a content moderation classifier.',
                    'relevance': None, 'sentiment': 'You extract structured data. Output valid JSON only.', 'faithful': 'You are a fact-checking assistant.'}[kind]
        nruns = r.randint(2, 4)
        for k in range(nruns):
            st = T0 + int(r.uniform(0, 46) * HOUR)
            size = int({'pairwise': 1500, 'score': 700, 'toxicity': 500, 'relevance': 600, 'sentiment': 500, 'faithful': 400}[kind] * sim.scale * r.uniform(0.6, 1.3))
            model = 'frontier-mini' if kind in ('toxicity', 'sentiment') and dialect != 'messages' else ('claude-frontier-1' if dialect == 'messages' else 'frontier-1')
            jobs = []
            for _ in range(size):
                conv = {'system': tmpl_sys, 'turns': [{'role': 'user', 'text': tb.judge_item(r, kind)}]}
                o = {'temperature': 0}
                if kind == 'pairwise':
                    o.update(max_out=1, logprobs=True, top_logprobs=2)
                    vis = 1
                elif kind == 'score':
                    o.update(max_out=20, response_format='json_object')
                    if r.random() < 0.5:
                        o.update(logprobs=True, top_logprobs=5)
                    vis = 8
                elif kind == 'toxicity':
                    o.update(max_out=5)
                    vis = 2
                elif kind == 'relevance':
                    o.update(max_out=80)
                    vis = int(lognorm(r, 35, 0.3))
                elif kind == 'sentiment':
                    o.update(max_out=150, response_format='json_object')
                    vis = int(lognorm(r, 45, 0.4))
                else:
                    o.update(max_out=60)
                    vis = int(lognorm(r, 28, 0.4))
                jobs.append((dialect, conv, model, o, vis, 0))
            run_batch(sim, a, r, st, jobs, conc, client, net)
        sim.finalize(a)


def sc_rag(sim, count):
    brands = ['Northwind Telecom', 'Brightpath Bank', 'Cloudberry CRM', 'AeroLumen', 'Kestrel Outdoor', 'Meridian Health',
              'Orbit Mobile', 'Pebble Payments', 'Harbor Air', 'Tallyho Software', 'Fjord Outfitters', 'Civic Mutual']
    doms = ['telecom', 'bank', 'saas', 'airline', 'ecommerce', 'insurance', 'telecom', 'bank', 'airline', 'saas', 'ecommerce', 'insurance']
    for i in range(count):
        r = sim.rng('rag', i)
        brand, dom = brands[i % 12], doms[i % 12]
        tier = 'enterprise' if r.random() < 0.3 else 'paid'
        a = sim.account(r, 'legit:rag-bot', tier, True, T0 - int(r.uniform(30, 500) * DAY), sim.org(r, ('rag', i)))
        ck = pick(r, ['openai-py', 'openai-node', 'anthropic-py', 'java', 'anthropic-ts'])
        client = npl.make_client(r, ck)
        dialect = 'messages' if ck.startswith('anthropic') else ('chat' if ck == 'java' else wpick(r, [('chat', 70), ('responses', 30)]))
        region = pick(r, ['US', 'US', 'NL', 'IE'])
        net = npl.FixedNet([npl.pool_addr(r, npl.CLOUD, pick(r, ['aws', 'gcp', 'azure']), region) for _ in range(r.randint(1, 4))])
        tz = pick(r, [-5, 0, 1, -8, 1])
        sys_t = tb.RAG_SYS[i % 3]
        peak = r.uniform(0.25, 0.55)  # conversations / minute at peak hour
        model = 'claude-frontier-1' if dialect == 'messages' else pick(r, ['frontier-mini', 'frontier-1'])
        t = T0
        while True:
            t += int(r.expovariate(peak) * MIN)
            if t >= T_END:
                break
            if r.random() > BUSINESS[int(npl.local_hour(t, T0, tz))]:
                continue
            cust = 'cust_' + rid(r, 10)
            conv = {'system': None, 'turns': []}
            tt = t
            for k in range(1 + (r.random() < 0.3) + (r.random() < 0.1)):
                conv['system'] = sys_t.format(brand=brand, ctx=tb.rag_context(r, dom, r.randint(3, 5)))
                conv['turns'].append({'role': 'user', 'text': tb.rag_question(r, dom)})
                o = {'temperature': 0.2, 'max_out': 400, 'stream': r.random() < 0.6, 'user': cust}
                if dialect == 'messages':
                    o['sys_blocks'] = True
                vis = int(lognorm(r, 110, 0.4))
                out = sim.req(a, tt, dialect, conv, model, o, client, net, vis)
                conv['turns'].append({'role': 'assistant', 'text': tb.reply_text(r, 'your question', out, conv['turns'][-1]['text'])})
                tt += latency(r, out) + int(lognorm(r, 40 * SEC, 0.6))
        sim.finalize(a)


IDE_SYS = ["You are a coding assistant embedded in the user's editor. You can read and edit files in the workspace and run commands. Make minimal, focused changes and explain them briefly.",
           "You are an AI pair programmer. Follow the repository's conventions. Prefer small diffs. Ask before running destructive commands.",
           "You are a helpful coding agent working in the user's project. Use the provided tools to inspect the code before changing it."]


def coding_session(sim, a, r, t, end, dialect, client, net, prof, ac_client=None):
    """A developer's working session with an IDE agent (and optional autocomplete)."""
    while t < end:
        conv = {'system': IDE_SYS[prof['sys']] + f"\nWorkspace: {prof['repo']}", 'tools': AGENT_TOOLSETS[prof['tools']] if prof['tools'] else [],
                'turns': []}
        ask = pick(r, tb.DEV_ASKS)
        if r.random() < 0.35:
            f = pick(r, tb.DEV_FILES)
            ask += f"\n\n<current_file path=\"{f}\">\n{tb.fake_file(r, f)}</current_file>"
        conv['turns'].append({'role': 'user', 'text': ask})
        rounds = 1 + (r.random() < 0.35)
        for rd in range(rounds):
            steps = min(30, 2 + int(r.expovariate(1 / 5.0)))
            for s in range(steps):
                newp = adopt_p(t, prof['adopt'], 8, 10)
                model = model_for(dialect, r, t, 0.0, newp)
                o = {'stream': True, 'max_out': 8192 if dialect != 'messages' else 16000, 'max_key': 'max_completion_tokens',
                     'parallel_tool_calls': True if dialect == 'chat' and r.random() < .5 else None}
                if dialect == 'messages' and prof['thinking']:
                    o['thinking'] = prof['thinking']
                    o['anthropic_beta'] = 'interleaved-thinking-2025-05-14'
                    o['sys_blocks'] = True
                if dialect == 'chat' and prof['effort']:
                    o['effort'] = prof['effort']
                if dialect == 'responses':
                    o.update(effort=prof['effort'] or 'medium', summary='auto', include=['reasoning.encrypted_content'], store=False)
                if dialect == 'chat' and prof['sys'] == 1 and r.random() < 0.5:
                    o['sys_role'] = 'developer'
                final = s == steps - 1
                vis, rea = vis_reason(r, o, 420 if final else 110, 0.6)
                out = sim.req(a, t, dialect, conv, model, o, client, net, vis, rea, max_in=90000)
                th = tb.thinking_text(r, min(rea, 300)) if o.get('thinking') else None
                if final:
                    conv['turns'].append({'role': 'assistant', 'text': tb.code_reply(r, min(vis, 500)), 'thinking': th})
                elif not conv['tools']:  # edit-format client (no tool calling): edits in text, test output comes back as user turn
                    f = pick(r, tb.DEV_FILES)
                    conv['turns'].append({'role': 'assistant', 'thinking': th,
                                          'text': f"{f}\n```\n<<<<<<< SEARCH\n    return result\n=======\n    return list(result)\n>>>>>>> REPLACE\n```"})
                    conv['turns'].append({'role': 'user', 'text': f"I ran this command:\n\npytest -q\n\nAnd got this output:\n\n{tb.tool_output(r, 'run_tests')}"})
                    t += latency(r, out) + int(lognorm(r, 6 * SEC, 0.8))
                else:
                    names = [pick(r, conv['tools']) for _ in range(1 + (r.random() < 0.2))]
                    calls = [{'id': rid(r, 24), 'name': n, 'args': tool_args(r, n)} for n in names]
                    conv['turns'].append({'role': 'assistant', 'text': pick(r, ['', '', 'Let me look at that.', "I'll check the tests first."]),
                                          'thinking': th, 'calls': calls})
                    conv['turns'].append({'role': 'tool', 'results': [{'id': c['id'], 'name': c['name'], 'output': tool_result(r, c['name'])} for c in calls]})
                    exec_ms = sum(int(lognorm(r, 9 * SEC if c['name'] in ('run_tests', 'bash', 'Bash', 'runInTerminal', 'run_command', 'terminal') else 0.6 * SEC, 0.9)) for c in calls)
                    t += latency(r, out) + exec_ms
            if rd < rounds - 1:
                t += int(lognorm(r, 70 * SEC, 0.8))
                conv['turns'].append({'role': 'user', 'text': pick(r, ['thanks, now also update the tests', 'that broke the build, can you check?',
                                                                       'looks good. can you also handle the empty case?', 'revert the last change, I prefer the old name'])})
        # developer reviews / edits by hand; autocomplete fires while typing
        gap = int(lognorm(r, 5 * MIN, 0.8))
        if ac_client is not None:
            tt = t + int(r.uniform(5, 40) * SEC)
            while tt < t + gap:
                f = pick(r, tb.DEV_FILES)
                code = tb.fake_file(r, f)
                cut = r.randint(len(code) // 3, len(code) - 1)
                conv2 = {'system': None, 'turns': [{'role': 'user', 'text': f"# {f}\n" + code[:cut]}]}
                o = {'max_out': pick(r, [48, 64, 128]), 'temperature': pick(r, [0, 0.1, 0.2]), 'stop': ['\n\n'], 'suffix': code[cut:cut + 200],
                     'raw_prompt': True}
                sim.req(a, tt, 'completions', conv2, 'frontier-mini', o, ac_client, net, int(lognorm(r, 22, 0.6)))
                tt += int(r.expovariate(1 / 45.0) * SEC) + 800
        t += gap


def sc_coding(sim, count):
    lab = 'legit:coding-agent'
    ncomp = max(1, int(round(8 * sim.scale)))
    for i in range(count):
        r = sim.rng('coding', i)
        comp = r.randrange(ncomp + 4)  # >= ncomp means solo developer
        cr = sim.rng('company', comp)
        cc = wpick(cr, [('US', 45), ('DE', 10), ('GB', 10), ('IN', 10), ('FR', 5), ('NL', 5), ('CA', 5), ('PL', 5), ('JP', 5)])
        tz = pick(cr, npl.TZ[cc])
        solo = comp >= ncomp
        tier = 'paid' if solo or cr.random() < 0.5 else 'enterprise'
        org = None if solo else sim.org(cr, ('company', comp))
        a = sim.account(r, lab, tier, True, T0 - int(r.uniform(20, 600) * DAY), org)
        office = [npl.pool_addr(cr, npl.CORP, pick(cr, sorted(npl.CORP)), cc) for _ in range(2)] if not solo else None
        net = home_net(sim, r, cc, tz, mobile_p=0.03, work=office, work_p=0.7 if not solo else 0)
        client = npl.make_client(r, 'ide')
        dialect = wpick(r, [('chat', 55), ('messages', 40), ('responses', 5)])
        ua = client['ua']
        toolset = ('ide-vscode' if ua.startswith('vscode') else 'ide-jetbrains' if ua.startswith('JetBrains') else
                   'ide-zed' if ua.startswith('Zed') else 'ide-cli' if ua.startswith('codeagent') else None)
        prof = {'sys': r.randrange(3), 'repo': f"{pick(r, ['acme', 'globex', 'initech', 'umbrella', 'hooli'])}/{pick(r, tb.DEV_REPOS)}",
                'tools': toolset, 'thinking': pick(r, [None, 2048, 4096, 8192]),
                'effort': pick(r, [None, 'low', 'medium', 'high']), 'adopt': r.uniform(0.1, 0.6)}
        ac_client = None
        if r.random() < 0.3:
            ac_client = dict(client)
        for day in (0, 1):
            if r.random() < 0.1:
                continue
            nsess = r.randint(1, 2)
            starts = sorted(when(r, T0 + day * DAY, T0 + (day + 1) * DAY, tz, WORK) for _ in range(nsess))
            last_end = 0
            for st in starts:
                st = max(st, last_end + 10 * MIN)
                end = st + int(r.uniform(30, 120) * MIN)
                coding_session(sim, a, r, st, end, dialect, client, net, prof, ac_client)
                last_end = end
        sim.finalize(a)


def sc_researcher(sim, count):
    lab = 'legit:researcher-bench'
    for i in range(count):
        r = sim.rng('research', i)
        ui = r.randrange(len(npl.EDU))
        asn, cc, _ = npl.EDU[ui]
        tz = pick(r, npl.TZ[cc])
        a = sim.account(r, lab, 'research', True, T0 - int(r.uniform(30, 400) * DAY), sim.org(r, ('lab', ui)))
        client = npl.make_client(r, pick(r, ['openai-py', 'httpx', 'openai-py']))
        aclient = npl.make_client(r, 'anthropic-py')
        net = npl.FixedNet(sim.pools.campus_pool(ui)[:2] + [npl.pool_addr(r, npl.CLOUD, 'gcp', pick(r, ['US', 'NL']))])
        for day in (0, 1):
            for run in range(r.randint(1, 2)):
                st = when(r, T0 + day * DAY, T0 + (day + 1) * DAY, tz, WORK)
                jobs = []
                for _ in range(int(r.uniform(150, 320) * sim.scale)):
                    k = wpick(r, [('safety', 30), ('math', 25), ('logic', 15), ('mcq', 30)])
                    text = {'safety': lambda: pick(r, tb.SAFETY_PROBES), 'math': lambda: tb.math_problem(r),
                            'logic': lambda: tb.logic_puzzle(r), 'mcq': lambda: tb.mcq_item(r)}[k]()
                    mode = wpick(r, [('nsample', 35), ('logprobs', 25), ('plain', 20), ('comp', 10), ('claude', 10)])
                    conv = {'system': None, 'turns': [{'role': 'user', 'text': text}]}
                    if mode == 'nsample':
                        o = {'n': r.randint(4, 8), 'temperature': 1.0, 'max_out': 1024}
                        jobs.append(('chat', conv, 'frontier-1', o, int(lognorm(r, 260, .5)), 0))
                    elif mode == 'logprobs':
                        o = {'logprobs': True, 'top_logprobs': 5, 'temperature': 0, 'max_out': 16 if k == 'mcq' else 512}
                        jobs.append(('chat', conv, 'frontier-1', o, 4 if k == 'mcq' else int(lognorm(r, 200, .5)), 0))
                    elif mode == 'comp':
                        o = {'logprobs_int': 5, 'max_out': 1, 'temperature': 0, 'raw_prompt': True}
                        conv['turns'][0]['text'] = text + '\nAnswer:'
                        jobs.append(('completions', conv, 'frontier-mini', o, 1, 0))
                    elif mode == 'claude':
                        o = {'max_out': 1024, 'temperature': 1.0}
                        jobs.append(('messages', conv, 'claude-frontier-1', o, int(lognorm(r, 240, .5)), 0))
                    else:
                        o = {'temperature': 0.7, 'max_out': 1024}
                        jobs.append(('chat', conv, 'frontier-1', o, int(lognorm(r, 240, .5)), 0))
                cl = client
                # anthropic jobs need the anthropic SDK client
                free = [st, st + 700]
                for (d, conv, m, o, vis, rea) in jobs:
                    w = 0 if free[0] <= free[1] else 1
                    t = free[w]
                    out = sim.req(a, t, d, conv, m, o, aclient if d == 'messages' else cl, net, vis, rea)
                    free[w] = t + latency(r, out // max(1, o.get('n', 1))) + int(r.uniform(100, 900))
        sim.finalize(a)


# ====================================================================== attack scenarios

def attack_client(r, weights):
    return npl.make_client(r, wpick(r, weights))


def cot_problem(r):
    zs = eo('distill_cot_elicitation', 'kojima-takeshi188/zero_shot_cot')
    wiz = eo('legit_eval_benchmarks', 'nlpxucan/WizardLM')
    k = r.random()
    if k < 0.45:
        return tb.math_problem(r)
    if k < 0.65:
        return tb.logic_puzzle(r)
    if k < 0.85 and zs:
        txt = pick(r, zs)['text']
        return txt.split('\nA:')[0][3:] if txt.startswith('Q: ') else txt
    if wiz:
        return pick(r, wiz)['text']
    return tb.math_problem(r)


def cot_request(r):
    """(system, user) of a reasoning-trace harvesting request."""
    sensei = eo('distill_cot_elicitation', 'migtissera/Sensei')
    zs = eo('distill_cot_elicitation', 'kojima-takeshi188/zero_shot_cot')
    bbhc = eo('distill_cot_elicitation', 'suzgunmirac/BIG-Bench-Hard')
    k = r.random()
    if k < 0.12 and zs:
        return None, pick(r, zs)['text']
    if k < 0.2 and bbhc:
        return None, pick(r, bbhc)['text']
    sys_ = None
    x = r.random()
    if x < 0.25 and sensei:
        sys_ = pick(r, sensei)['text']
    elif x < 0.5:
        sys_ = pick(r, tb.COT_SYS) or None
    return sys_, pick(r, tb.COT_WRAP).format(p=cot_problem(r))


def rubric_request(r):
    rl = eo('distill_autograde', 'anthropics/ConstitutionalHarmlessnessPaper', lambda x: '(A)' in x['text'] and '(B)' in x['text'])
    if rl and r.random() < 0.25:
        return None, pick(r, rl)['text']
    q = tb.math_problem(r) if r.random() < .5 else tb.homework(r)
    return None, pick(r, tb.RUBRIC_WRAP).format(rubric=pick(r, tb.RUBRICS), q=q, ref=tb.candidate_solution(r, q),
                                                 ans=tb.candidate_solution(r, q) if r.random() < .6 else tb.reply_text(r, 'the question', 120))


def censor_request(r):
    t = pick(r, tb.CENSOR_TOPICS)
    return None, pick(r, tb.CENSOR_WRAP).format(t=t, x=pick(r, tb.CENSOR_TEXT), q=pick(r, tb.CENSOR_Q))


def harvest_opts(r, dialect, budget_cap):
    """Parameters that maximise visible reasoning."""
    o = {}
    if dialect == 'messages':
        o['thinking'] = min(budget_cap, pick(r, [8000, 12000, 16000, 24000, 31999]))
        o['max_out'] = o['thinking'] + pick(r, [4000, 8000])
        o['stream'] = r.random() < 0.5
    elif dialect == 'chat':
        o['effort'] = 'high' if r.random() < 0.85 else 'medium'
        o['max_out'] = pick(r, [16000, 25000, 32000])
        o['max_key'] = 'max_completion_tokens'
        if r.random() < 0.2:
            o['logprobs'], o['top_logprobs'] = True, pick(r, [5, 10, 20])
        if r.random() < 0.1:
            o['n'] = pick(r, [2, 3, 4])
    elif dialect == 'responses':
        o['effort'] = 'high'
        o['summary'] = pick(r, ['detailed', 'detailed', 'auto'])
        o['include'] = ['reasoning.encrypted_content'] if r.random() < 0.7 else ['reasoning.encrypted_content', 'message.output_text.logprobs']
        o['store'] = False
        o['max_out'] = pick(r, [16000, 32000])
        if 'message.output_text.logprobs' in o['include']:
            o['top_logprobs'] = 5
    else:
        o['max_out'] = pick(r, [1024, 2048])
        o['temperature'] = pick(r, [0, 0.7])
        o['raw_prompt'] = True
        if r.random() < 0.4:
            o['logprobs_int'] = 5
    return o


def sc_cot_harvest(sim, count):
    lab = 'attack:cot-harvest'
    proxy_c = npl.PROXY_COUNTRIES
    for i in range(count):
        r = sim.rng('atk1', i)
        tier = 'free' if r.random() < 0.6 else 'edu'
        during = r.random() < 0.45
        first = T0 + int(r.uniform(0.5, 45) * HOUR)
        created = first - int(r.uniform(5, 90) * MIN) if during else T0 - int(r.uniform(0.1, 10) * DAY)
        a = sim.account(r, lab, tier, r.random() < 0.15, created, margin=r.uniform(0.9, 0.97))
        if r.random() < 0.8:
            net = npl.RotatingProxy(proxy_c, collide=sim.home_ips, collide_p=0.01)
        else:
            net = npl.RotatingProxy(proxy_c, dc=sorted(npl.PROXY_DC), dc_p=1.0)
        cw = [('openai-py', 40), ('anthropic-py', 30), ('httpx', 15), ('chrome', 15)]
        clients = {}
        for d in ('chat', 'responses', 'completions', 'messages'):
            kind = wpick(r, cw)
            if d == 'messages' and kind == 'openai-py':
                kind = 'anthropic-py'
            if d != 'messages' and kind == 'anthropic-py':
                kind = 'openai-py'
            clients[d] = npl.make_client(r, kind)
        dmix = [('messages', 35), ('chat', 30), ('responses', 25), ('completions', 10)]
        budget_cap = 16000 if tier == 'free' else 31999
        nwin = r.randint(1, 3)
        t = max(first, created + 2 * MIN)
        for w in range(nwin):
            end = t + int(r.uniform(25, 75) * MIN)
            rate = r.uniform(0.8, 2.2)  # requests per minute
            while t < end and t < T_END:
                dialect = wpick(r, dmix)
                k = r.random()
                if k < 0.5:
                    sys_, u = cot_request(r)
                elif k < 0.75:
                    sys_, u = rubric_request(r)
                elif k < 0.9:
                    sys_, u = censor_request(r)
                else:
                    sys_, u = None, tb.chat_opener(r)[1]
                conv = {'system': sys_, 'turns': [{'role': 'user', 'text': u}]}
                o = harvest_opts(r, dialect, budget_cap) if k < 0.9 else user_opts(r, dialect, 'openai-py', 'frontier-1')
                if dialect == 'completions':
                    o['raw_prompt'] = True
                vis, rea = vis_reason(r, o, 700 if k < 0.9 else 300, 0.5)
                model = model_for(dialect, r, t, 0.0, adopt_p(t, 0.5, 3))
                sim.req(a, t, dialect, conv, model, o, clients[dialect], net, vis, rea)
                t += int(r.expovariate(rate) * MIN) + 1500
            t += int(r.uniform(2, 14) * HOUR)
            if t >= T_END:
                break
        sim.finalize(a)


def broad_task(r, dialect):
    """Returns list of (conv snapshots builder) for one broad-capability task as a sequence of requests."""
    k = wpick(r, [('agentic', 25), ('tools', 25), ('coding', 25), ('vision', 20), ('innocuous', 5)])
    return k


def sc_broad(sim, count):
    lab = 'attack:broad-capability'
    orgs = [sim.org(sim.rng('atk2org', j), ('atk2', j)) for j in range(3)]
    for i in range(count):
        r = sim.rng('atk2', i)
        org = orgs[i % 3] if r.random() < 0.55 else None
        a = sim.account(r, lab, 'paid', r.random() < 0.55, T0 - int(r.uniform(8, 120) * DAY), org, margin=r.uniform(0.85, 0.95))
        if r.random() < 0.6:
            prov = pick(r, ['hetzner', 'ovh', 'do', 'vultr', 'aws', 'oracle'])
            net = npl.FixedNet([npl.pool_addr(r, npl.CLOUD, prov) for _ in range(r.randint(2, 6))])
        else:
            net = npl.RotatingProxy(npl.PROXY_COUNTRIES)
        kinds = {'chat': wpick(r, [('openai-py', 60), ('httpx', 20), ('aiohttp', 10), ('go', 10)]),
                 'responses': 'openai-py', 'messages': wpick(r, [('anthropic-py', 80), ('httpx', 20)])}
        clients = {d: npl.make_client(r, k) for d, k in kinds.items()}
        dmix = [('chat', 40), ('responses', 25), ('messages', 35)]
        tz_op = pick(r, [8, 8, 3, -5, 1])
        hours_per_day = r.uniform(4, 11)
        rate = r.uniform(0.4, 1.0)
        for day in (0, 1):
            st = T0 + day * DAY + int(((9 - tz_op) % 24) * HOUR + r.uniform(-3, 3) * HOUR)
            st = max(st, T0)
            end = min(st + int(hours_per_day * HOUR), T_END)
            t = st
            while t < end:
                dialect = wpick(r, dmix)
                kind = broad_task(r, dialect)
                model = model_for(dialect, r, t, 0.0, adopt_p(t, 0.4, 6))
                o = harvest_opts(r, dialect, 16000) if kind != 'innocuous' else user_opts(r, dialect, 'openai-py', model)
                if dialect == 'chat':
                    o.pop('n', None)
                if kind in ('agentic', 'tools'):
                    goal = pick(r, tb.BROAD_GOALS) if kind == 'agentic' else pick(r, [
                        'Find me the cheapest business-class flight from SIN to NRT next week and put it on my calendar.',
                        'Pull last week\'s order counts by plan and email a summary to the finance team.',
                        'Check why the api deployment is crashing and open a ticket with your findings.',
                        'Compare ACME and GLOB quotes and tell me which moved more today, with the computation.'])
                    ts_name = ('data' if any(w in goal for w in ('CSV', 'sales', 'SQL', 'experiment', 'order counts')) else
                               'ops' if any(w in goal for w in ('Kubernetes', 'incident', 'migration', 'vulnerab', 'deployment')) else
                               'travel' if 'flight' in goal else 'finance' if 'quote' in goal else 'research')
                    conv = {'system': pick(r, tb.AGENT_SYS), 'tools': AGENT_TOOLSETS[ts_name],
                            'turns': [{'role': 'user', 'text': ('Goal: ' if kind == 'agentic' else '') + goal}]}
                    for s in range(r.randint(2, 6)):
                        vis, rea = vis_reason(r, o, 260, 0.5)
                        out = sim.req(a, t, dialect, conv, model, o, clients[dialect], net, vis, rea)
                        th = tb.thinking_text(r, 200) if o.get('thinking') else None
                        n = pick(r, conv['tools'])
                        c = {'id': rid(r, 24), 'name': n, 'args': tool_args(r, n, goal)}
                        conv['turns'].append({'role': 'assistant', 'text': tb.agent_thought(r, goal, n), 'thinking': th, 'calls': [c]})
                        conv['turns'].append({'role': 'tool', 'results': [{'id': c['id'], 'name': n, 'output': tool_result(r, n)}]})
                        t += latency(r, out) + int(lognorm(r, 1500, 0.8))
                    continue
                if kind == 'coding':
                    u = pick(r, ['{c}\n\nGive three different solutions, explain the reasoning behind each in depth, and compare their trade-offs.',
                                 '{c}\n\nBefore writing code, reason step by step about edge cases and the optimal algorithm. Then implement and test it.',
                                 'Solve this as a competitive programmer would, narrating your full thought process:\n{c}',
                                 '{c}'])
                    conv = {'system': None, 'turns': [{'role': 'user', 'text': u.format(c=tb.code_task(r) if r.random() < .8 else tb.bug_report(r))}]}
                elif kind == 'vision':
                    mime = pick(r, ['image/png', 'image/jpeg', 'image/webp'])
                    imgs = [('url', tb.image_url(r))] if r.random() < 0.5 else [('b64', mime, tb.fake_b64(r, 220, mime))]
                    if r.random() < 0.15:
                        imgs.append(('url', tb.image_url(r)))
                    conv = {'system': None, 'turns': [{'role': 'user', 'text': pick(r, tb.VISION_PROMPTS), 'images': imgs}]}
                    if dialect == 'responses' and r.random() < .5:
                        o['input_str'] = False
                else:
                    conv = {'system': None, 'turns': [{'role': 'user', 'text': tb.chat_opener(r)[1]}]}
                vis, rea = vis_reason(r, o, 600, 0.5)
                out = sim.req(a, t, dialect, conv, model, o, clients[dialect], net, vis, rea)
                t += int(r.expovariate(rate) * MIN) + latency(r, out) // 4
        sim.finalize(a)


def swe_task(r):
    f = pick(r, tb.SWE_F)
    e = pick(r, tb.SWE_E)
    issue = pick(r, tb.SWE_ISSUES).format(f=f, e=e, c=pick(r, tb.SWE_C), feat=pick(r, tb.SWE_FEAT))
    repo = pick(r, tb.SWE_REPOS)
    body = tb.issue_body(r, f, e)
    return f"<repository>{repo}</repository>\n<issue>\n{issue}\n\n{body}\n</issue>\nResolve the issue. Make the minimal change and make sure the existing tests pass."


def sc_agentic_pivot(sim, count):
    lab = 'attack:agentic-coding-pivot'
    norg = 4
    orgs = [sim.org(sim.rng('atk3org', j), ('atk3', j)) for j in range(norg)]
    for i in range(count):
        r = sim.rng('atk3', i)
        j = i % norg
        orr = sim.rng('atk3org-net', j)
        tier = 'enterprise' if r.random() < 0.25 else 'paid'
        a = sim.account(r, lab, tier, r.random() < 0.85, T0 - int(r.uniform(30, 200) * DAY), orgs[j], nkeys=r.randint(1, 3),
                        margin=r.uniform(0.85, 0.95))
        if r.random() < 0.75:
            prov = ['aws', 'gcp', 'azure', 'aws2'][j]
            net = npl.FixedNet([npl.pool_addr(r, npl.CLOUD, prov) for _ in range(r.randint(4, 12))])
        else:
            net = npl.RotatingProxy(npl.PROXY_COUNTRIES)
        dialect_mix = [('chat', 55), ('messages', 45)]
        clients = {'chat': npl.make_client(orr if r.random() < .7 else r, 'openai-py'),
                   'messages': npl.make_client(orr if r.random() < .7 else r, 'anthropic-py')}
        sys_t = tb.CODE_AGENT_SYS[j % 3]
        target = r.uniform(0.35, 0.65)
        ramp = r.uniform(3, 18)
        thinking = pick(r, [8000, 16000])
        # duty cycle: bursts of parallel episodes around the clock
        t = T0 + int(r.uniform(0, 4) * HOUR)
        while t < T_END:
            burst_end = t + int(r.uniform(15, 40) * MIN)
            par = r.randint(1, 3)
            for p in range(par):
                tt = t + int(r.uniform(0, 20) * SEC)
                while tt < burst_end:
                    frac = 0.0 if tt < RELEASE else target * min(1.0, (tt - RELEASE) / (ramp * HOUR))
                    new = r.random() < frac
                    dialect = wpick(r, dialect_mix)
                    model = (ANT_NEW if new else 'claude-frontier-1') if dialect == 'messages' else (OAI_NEW if new else 'frontier-1')
                    conv = {'system': sys_t, 'tools': AGENT_TOOLSETS['coding'], 'turns': [{'role': 'user', 'text': swe_task(r)}]}
                    steps = r.randint(4, 16)
                    o = {'max_out': 16000, 'max_key': 'max_completion_tokens'}
                    if dialect == 'messages':
                        o.update(thinking=thinking, max_out=thinking + 8000, sys_blocks=True)
                    else:
                        o['effort'] = 'high'
                    for s in range(steps):
                        vis, rea = vis_reason(r, o, 140 if s < steps - 1 else 500, 0.5)
                        out = sim.req(a, tt, dialect, conv, model, o, clients[dialect], net, vis, rea, key=pick(r, a.keys), max_in=60000)
                        if s == steps - 1:
                            break
                        th = tb.thinking_text(r, min(rea, 300)) if dialect == 'messages' else None
                        n = pick(r, conv['tools'])
                        c = {'id': rid(r, 24), 'name': n, 'args': tool_args(r, n)}
                        conv['turns'].append({'role': 'assistant', 'text': pick(r, ['Let me inspect the relevant code first.', 'I will reproduce the failure before changing anything.', 'Now I will apply a minimal fix.', 'Running the tests to verify.']) if r.random() < .6 else '',
                                              'thinking': th, 'calls': [c]})
                        conv['turns'].append({'role': 'tool', 'results': [{'id': c['id'], 'name': n, 'output': tool_result(r, n)}]})
                        tt += latency(r, out, r.uniform(80, 160)) + int(lognorm(r, 900, 0.7))
                    tt += int(r.uniform(2, 20) * SEC)
            t = burst_end + int(r.uniform(3, 9) * HOUR)
        sim.finalize(a)


def sc_low_slow(sim, count):
    lab = 'attack:low-and-slow'
    for i in range(count):
        r = sim.rng('atk4', i)
        tier = wpick(r, [('free', 50), ('edu', 15), ('paid', 35)])
        during = r.random() < 0.12
        created = T0 + int(r.uniform(0.1, 1.0) * DAY) if during else T0 - int(r.uniform(2, 60) * DAY)
        a = sim.account(r, lab, tier, r.random() < 0.12, created)
        cc_pool = [(c, w) for c, w in npl.PROXY_COUNTRIES if c in ('US', 'GB', 'DE', 'FR', 'CA', 'AU', 'JP', 'KR', 'NL', 'IT', 'PL')]
        if r.random() < 0.55:
            net = npl.RotatingProxy(npl.PROXY_COUNTRIES, collide=sim.home_ips, collide_p=0.01)
        else:
            net = npl.StickyProxy(cc_pool, pick(r, [6 * HOUR, 24 * HOUR, 72 * HOUR]), sim.rng('atk4-sticky', i))
        style = wpick(r, [('sdk', 40), ('browser', 40), ('mismatch', 20)])
        dialect = wpick(r, [('chat', 40), ('messages', 30), ('responses', 20), ('completions', 10)])
        if style == 'sdk':
            client = npl.make_client(r, {'chat': 'openai-py', 'responses': 'openai-py', 'completions': 'openai-py', 'messages': 'anthropic-py'}[dialect])
        else:
            client = npl.make_client(r, pick(r, ['chrome', 'chrome', 'edge', 'safari']))
            if style == 'mismatch':
                client['ja4'] = pick(r, npl.JA4['python'])
        tmpl_ids = r.sample(range(len(tb.LOWSLOW_TEMPLATES)), r.randint(1, 2))
        vr = sim.rng('atk4-variant', i)
        level = vr.uniform(0.3, 0.8)
        variants = []
        for tid in tmpl_ids:
            s, u = tb.LOWSLOW_TEMPLATES[tid]
            variants.append((tid, tb.perturb(vr, s, level) if s else None, tb.perturb(vr, u, level)))
        op_tz = pick(r, [8, 8, 8, 3, None])
        per_day = r.uniform(12, 38)
        for day in (0, 1):
            lo = max(T0 + day * DAY, created + 10 * MIN)
            hi = T0 + (day + 1) * DAY
            if lo >= hi:
                continue
            n = poisson(r, per_day * (hi - lo) / DAY)
            times = sorted(when(r, lo, hi, op_tz, WORK) if op_tz is not None else int(lo + r.random() * (hi - lo)) for _ in range(n))
            for t in times:
                if r.random() < 0.15:
                    conv = {'system': None, 'turns': [{'role': 'user', 'text': tb.chat_opener(r)[1]}]}
                    o = user_opts(r, dialect, client['kind'], 'frontier-1')
                    vis, rea = vis_reason(r, o, 300)
                else:
                    tid, s, u = pick(r, variants)
                    if tid == 0:
                        text = u.format(p=cot_problem(r))
                    elif tid == 1:
                        text = u.format(n=r.randint(3, 6), topic=pick(r, tb.LOWSLOW_TOPICS))
                    elif tid == 2:
                        text = u.format(p=tb.code_task(r))
                    else:
                        q = tb.math_problem(r)
                        text = u.format(rubric=pick(r, tb.RUBRICS), q=q, ans=tb.candidate_solution(r, q))
                    conv = {'system': s, 'turns': [{'role': 'user', 'text': text}]}
                    o = {}
                    if dialect == 'messages':
                        o['thinking'] = pick(r, [2048, 4096, 6000])
                        o['max_out'] = o['thinking'] + 4096
                    elif dialect == 'chat':
                        o['effort'] = pick(r, ['medium', 'high'])
                        o['max_out'], o['max_key'] = 12000, 'max_completion_tokens'
                    elif dialect == 'responses':
                        o['effort'] = pick(r, ['medium', 'high'])
                        o['summary'] = pick(r, ['auto', 'detailed'])
                        o['max_out'] = 12000
                    else:
                        o['max_out'] = 2048
                        o['raw_prompt'] = True
                    vis, rea = vis_reason(r, o, 900 if tid == 1 else 600, 0.5)
                model = model_for(dialect, r, t, 0.0, adopt_p(t, 0.3, 8))
                sim.req(a, t, dialect, conv, model, o, client, net, vis, rea)
        sim.finalize(a)


def sc_critique(sim, count):
    lab = 'attack:critique-loop'
    cai = eo('distill_critique', 'anthropics/ConstitutionalHarmlessnessPaper')
    cai_chains = [x for x in cai if 'CritiqueRequest:' in x['text'] and x['text'].startswith('Human:')]
    cai_instr = [x for x in cai if x['text'].startswith('RevisionRequest:')]
    for i in range(count):
        r = sim.rng('atk5', i)
        tier = 'paid' if r.random() < 0.6 else 'free'
        a = sim.account(r, lab, tier, r.random() < 0.3, T0 - int(r.uniform(3, 90) * DAY), margin=r.uniform(0.88, 0.96))
        net = npl.StickyProxy(npl.PROXY_COUNTRIES, 30 * MIN, sim.rng('atk5-sticky', i))
        dialect = wpick(r, [('chat', 50), ('messages', 40), ('responses', 10)])
        client = npl.make_client(r, 'anthropic-py' if dialect == 'messages' else pick(r, ['openai-py', 'openai-py', 'httpx']))
        for day in (0, 1):
            for w in range(r.randint(1, 2)):
                t = T0 + day * DAY + int(r.uniform(0, 22) * HOUR)
                end = t + int(r.uniform(1, 3) * HOUR)
                while t < end and t < T_END:
                    if cai_chains and r.random() < 0.25:
                        first = pick(r, cai_chains)['text']
                        nexts = [pick(r, cai_instr)['text'] if cai_instr else pick(r, tb.CRIT_NEXT)] + [pick(r, tb.CRIT_NEXT) for _ in range(r.randint(1, 3))]
                    elif r.random() < 0.06:
                        first, nexts = tb.chat_opener(r)[1], [pick(r, tb.FOLLOWUPS)]
                    else:
                        p = cot_problem(r) if r.random() < .7 else tb.code_task(r)
                        first = pick(r, tb.CRIT_START).format(p=p, s=tb.candidate_solution(r, p))
                        nexts = [pick(r, tb.CRIT_NEXT) for _ in range(r.randint(2, 5))]
                    conv = {'system': None, 'turns': [{'role': 'user', 'text': first}]}
                    o = {}
                    if dialect == 'messages' and r.random() < 0.6:
                        o['thinking'], o['max_out'] = 6000, 12000
                    elif dialect != 'messages' and r.random() < 0.6:
                        o['effort'] = 'high'
                        o['max_key'] = 'max_completion_tokens'
                    model = model_for(dialect, r, t, 0.0, adopt_p(t, 0.5, 4))
                    for k in range(1 + len(nexts)):
                        vis, rea = vis_reason(r, o, 650, 0.5)
                        out = sim.req(a, t, dialect, conv, model, o, client, net, vis, rea)
                        conv['turns'].append({'role': 'assistant', 'text': tb.reply_text(r, 'the solution', min(out, 700), conv['turns'][-1]['text'])})
                        t += latency(r, out) + int(lognorm(r, 25 * SEC, 0.6))
                        if k < len(nexts):
                            conv['turns'].append({'role': 'user', 'text': nexts[k]})
                    t += int(lognorm(r, 60 * SEC, 0.8))
        sim.finalize(a)


def sc_idle(sim, count):
    for i in range(count):
        r = sim.rng('idle', i)
        sim.account(r, 'legit:idle', wpick(r, [('free', 60), ('paid', 30), ('edu', 10)]), r.random() < 0.4, T0 - int(r.uniform(1, 900) * DAY))


# ====================================================================== driver

SCENARIOS = [
    # (name, function, base count at scale 1)
    ('chat', sc_chat, 330), ('coding', sc_coding, 60), ('rag', sc_rag, 10), ('students', sc_students, 120),
    ('release', sc_release_day, 50), ('research', sc_researcher, 3),
    ('atk-cot', sc_cot_harvest, 45), ('atk-broad', sc_broad, 22), ('atk-pivot', sc_agentic_pivot, 24),
    ('atk-lowslow', sc_low_slow, 170), ('atk-critique', sc_critique, 14), ('idle', sc_idle, 15),
]


def generate(out, seed, scale, corpus_path):
    t_start = time.time()
    nc = tb.load_corpus(corpus_path)
    sim = Sim(seed, scale)
    for name, fn, base in SCENARIOS:
        t1 = time.time()
        fn(sim, sim.n(base))
        # scenarios that keep pending requests on several accounts
        for a in sim.accounts:
            if a.pending:
                sim.finalize(a)
        print(f"  {name:14s} done in {time.time() - t1:5.1f}s, lines so far {len(sim.lines)}", file=sys.stderr)
    sc_evals(sim)
    sc_judges(sim)
    for a in sim.accounts:
        sim.finalize(a)
    os.makedirs(out, exist_ok=True)
    sim.lines.sort(key=lambda x: (x[0], x[1], x[2]))
    order = list(range(len(sim.accounts)))
    sub_rng(seed, 'account-order').shuffle(order)
    tmp = {}
    for fn in ('accounts.jsonl', 'events.jsonl', 'traffic.jsonl'):
        tmp[fn] = os.path.join(out, fn + '.tmp')
    with open(tmp['accounts.jsonl'], 'w', encoding='utf-8') as f:
        for j in order:
            f.write(json.dumps(sim.accounts[j].record(), separators=(',', ':')) + '\n')
    with open(tmp['events.jsonl'], 'w', encoding='utf-8') as f:
        for m in (OAI_NEW, ANT_NEW):
            f.write(json.dumps({'ts': RELEASE, 'type': 'model-release', 'model': m}, separators=(',', ':')) + '\n')
    with open(tmp['traffic.jsonl'], 'w', encoding='utf-8') as f:
        for _, _, _, line in sim.lines:
            f.write(line + '\n')
    for fn, p in tmp.items():
        os.replace(p, os.path.join(out, fn))
    # summary
    per_label = Counter()
    acc_label = defaultdict(set)
    for a in sim.accounts:
        pass
    key_acct = {}
    for a in sim.accounts:
        for k in a.keys:
            key_acct[k] = a
    for _, idx, _, _ in sim.lines:
        a = sim.accounts[idx]
        per_label[a.label] += 1
        acc_label[a.label].add(a.id)
    summary = {'seed': seed, 'scale': scale, 'corpus_eval_only_records': nc, 't0': T0, 't_end': T_END, 'release_ts': RELEASE,
               'requests': len(sim.lines), 'accounts_total': len(sim.accounts),
               'labels': {l: {'requests': per_label[l], 'accounts_with_traffic': len(acc_label[l]),
                              'accounts': sum(1 for a in sim.accounts if a.label == l),
                              'paced_requests': len(sim.delays.get(l, [])),
                              'max_pacing_delay_s': round(max(sim.delays.get(l, [0])) / 1000, 1),
                              'dropped_after_end': sim.stats[l]['dropped_end']}
                          for l in sorted(set(a.label for a in sim.accounts))},
               'seconds': round(time.time() - t_start, 1)}
    with open(os.path.join(out, 'gen-summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    return summary


# ====================================================================== validation

VALID_TIERS = set(TIER_LIMITS)


def check_body(path, b, headers, errs, i):
    def e(msg):
        errs.append(f"line {i}: {path}: {msg}")
    if not isinstance(b, dict) or not isinstance(b.get('model'), str):
        return e('body/model')
    if path == '/v1/chat/completions':
        ms = b.get('messages')
        if not isinstance(ms, list) or not ms:
            return e('messages')
        pending = set()
        for m in ms:
            if m.get('role') not in ('system', 'developer', 'user', 'assistant', 'tool'):
                e('role')
            if m['role'] == 'assistant' and m.get('tool_calls'):
                pending |= {c['id'] for c in m['tool_calls']}
                for c in m['tool_calls']:
                    json.loads(c['function']['arguments'])
            if m['role'] == 'tool':
                if m.get('tool_call_id') not in pending:
                    e('tool result without call')
            if m['role'] in ('user', 'system', 'developer') and m.get('content') in (None, ''):
                e('empty content')
        if ms[-1]['role'] == 'assistant':
            e('ends with assistant')
        if 'top_logprobs' in b and not b.get('logprobs'):
            e('top_logprobs without logprobs')
        if 'max_tokens' in b and 'max_completion_tokens' in b:
            e('both max keys')
        if b.get('reasoning_effort') not in (None, 'minimal', 'low', 'medium', 'high'):
            e('effort')
        if 'n' in b and not (isinstance(b['n'], int) and b['n'] >= 1):
            e('n')
    elif path == '/v1/responses':
        inp = b.get('input')
        if not (isinstance(inp, str) or (isinstance(inp, list) and inp)):
            e('input')
        if isinstance(inp, list):
            calls = set()
            for it in inp:
                if it.get('type') == 'function_call':
                    calls.add(it['call_id'])
                    json.loads(it['arguments'])
                if it.get('type') == 'function_call_output' and it['call_id'] not in calls:
                    e('call output without call')
        if 'reasoning' in b and b['reasoning'].get('effort') not in ('minimal', 'low', 'medium', 'high'):
            e('reasoning.effort')
        if 'n' in b or 'logprobs' in b:
            e('chat-only param in responses')
    elif path == '/v1/completions':
        if not isinstance(b.get('prompt'), (str, list)):
            e('prompt')
        if 'logprobs' in b and not (isinstance(b['logprobs'], int) and 0 <= b['logprobs'] <= 5):
            e('completions logprobs must be int 0..5')
    elif path == '/v1/messages':
        if (headers or {}).get('anthropic-version') != '2023-06-01':
            e('anthropic-version header')
        if not isinstance(b.get('max_tokens'), int):
            e('max_tokens')
        for bad in ('n', 'logprobs', 'top_logprobs'):
            if bad in b:
                e('param not in messages: ' + bad)
        ms = b.get('messages') or []
        if not ms or ms[0]['role'] != 'user':
            e('first message must be user')
        for x, y in zip(ms, ms[1:]):
            if x['role'] == y['role']:
                e('roles must alternate')
        if ms and ms[-1]['role'] != 'user':
            e('last message must be user')
        uses = set()
        for m in ms:
            if isinstance(m['content'], list):
                for blk in m['content']:
                    if blk['type'] == 'tool_use':
                        uses.add(blk['id'])
                    if blk['type'] == 'tool_result' and blk['tool_use_id'] not in uses:
                        e('tool_result without tool_use')
        th = b.get('thinking')
        if th:
            if not (th.get('type') == 'enabled' and 1024 <= th['budget_tokens'] < b['max_tokens']):
                e('thinking budget')
            if 'temperature' in b:
                e('temperature with thinking')
    else:
        e('unknown path')


def check(out):
    errs = []
    accts = {}
    keys = {}
    with open(os.path.join(out, 'accounts.jsonl')) as f:
        for i, line in enumerate(f):
            a = json.loads(line)
            for k in ('account', 'apiKeys', 'tier', 'verified', 'createdAt'):
                if k not in a:
                    errs.append(f"accounts line {i}: missing {k}")
            if a['tier'] not in VALID_TIERS:
                errs.append(f"accounts line {i}: tier")
            if a['account'] in accts:
                errs.append(f"accounts line {i}: duplicate id")
            accts[a['account']] = a
            for k in a['apiKeys']:
                if k in keys:
                    errs.append(f"accounts line {i}: duplicate key")
                keys[k] = a
    with open(os.path.join(out, 'events.jsonl')) as f:
        evs = [json.loads(l) for l in f]
    rel = {e['model']: e['ts'] for e in evs if e['type'] == 'model-release'}
    last = -1
    n = 0
    windows = defaultdict(deque)
    wtok = defaultdict(int)
    over = Counter()
    labels = Counter()
    before_created = 0
    with open(os.path.join(out, 'traffic.jsonl'), encoding='utf-8') as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            n += 1
            for k in ('ts', 'apiKey', 'ip', 'path', 'body', 'label'):
                if k not in r:
                    errs.append(f"line {i}: missing {k}")
            if r['ts'] < last:
                errs.append(f"line {i}: ts not sorted")
            last = r['ts']
            if not (T0 <= r['ts'] < T_END):
                errs.append(f"line {i}: ts outside period")
            a = keys.get(r['apiKey'])
            if a is None:
                errs.append(f"line {i}: unknown key")
                continue
            if r['ts'] < a['createdAt']:
                before_created += 1
            labels[r['label']] += 1
            m = r['body'].get('model')
            if m in rel and r['ts'] < rel[m]:
                errs.append(f"line {i}: model {m} used before its release")
            check_body(r['path'], r['body'], r.get('headers'), errs, i)
            if r['label'].startswith('legit:'):
                acc = a['account']
                rpm, tpm = TIER_LIMITS[a['tier']]
                b = a.get('baseline')
                if b and (b.get('until') is None or r['ts'] < b['until']):
                    rpm, tpm = max(rpm, b.get('rpm', 0)), max(tpm, b.get('tpm', 0))
                w = windows[acc]
                while w and w[0][0] <= r['ts'] - MIN:
                    wtok[acc] -= w.popleft()[1]
                tok = r['usage']['input_tokens'] + r['usage']['output_tokens']
                w.append((r['ts'], tok))
                wtok[acc] += tok
                if len(w) > rpm or wtok[acc] > tpm:
                    over[acc] += 1
            if len(errs) > 50:
                break
    if before_created:
        errs.append(f"{before_created} requests before their account's createdAt")
    if over:
        errs.append(f"legit accounts over their limits: {dict(over)}")
    return n, labels, errs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--scale', type=float, default=1.0)
    ap.add_argument('--corpus', default=os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'corpus')))
    ap.add_argument('--check', metavar='DIR')
    ap.add_argument('--no-check', action='store_true')
    args = ap.parse_args()
    if args.check:
        n, labels, errs = check(args.check)
        print(f"{n} lines checked; labels: {dict(sorted(labels.items()))}")
        for e in errs[:50]:
            print('ERROR', e)
        sys.exit(1 if errs else 0)
    if not args.out:
        ap.error('--out is required')
    s = generate(args.out, args.seed, args.scale, args.corpus)
    print(json.dumps(s, indent=1))
    if not args.no_check:
        n, labels, errs = check(args.out)
        print(f"check: {n} lines, {len(errs)} problems")
        for e in errs[:50]:
            print('ERROR', e)
        sys.exit(1 if errs else 0)


if __name__ == '__main__':
    main()
