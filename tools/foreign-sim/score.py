#!/usr/bin/env python3
"""Score a distill-guard replay against the foreign simulator's answer key.

    python3 score.py DIR DECISIONS [--json OUT.json]

DIR holds accounts.jsonl and traffic.jsonl (with labels); DECISIONS is the
decisions.jsonl the guard's replay wrote for DIR/traffic.jsonl.

Per label: requests, leak % (attack requests with action allow), hard FP %
(legit requests with throttle/challenge/block), soft FP % (legit degrade);
pooled legit hard/soft; the share (and count) of legitimate accounts with
traffic that ever got a hard action; per attack label the share of its
accounts that were ever blocked or challenged (and ever contained at all).
"""
import argparse
import json
import os
import sys
from collections import Counter, defaultdict

ACTIONS = ('allow', 'degrade', 'throttle', 'challenge', 'block')
HARD = {'throttle', 'challenge', 'block'}


def pct(a, b):
    return (100.0 * a / b) if b else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('dir')
    ap.add_argument('decisions')
    ap.add_argument('--json', help='also write the numbers as JSON here')
    args = ap.parse_args()

    key_acct = {}
    with open(os.path.join(args.dir, 'accounts.jsonl')) as f:
        for line in f:
            a = json.loads(line)
            for k in a['apiKeys']:
                key_acct[k] = a['account']

    req = Counter()
    act = defaultdict(Counter)
    acct_label = {}
    acct_hard = defaultdict(bool)
    acct_bc = defaultdict(bool)
    acct_contained = defaultdict(bool)
    acct_first_bc = {}
    acct_n = Counter()
    reasons = defaultdict(Counter)
    n = 0
    with open(os.path.join(args.dir, 'traffic.jsonl'), encoding='utf-8') as ft, open(args.decisions, encoding='utf-8') as fd:
        for i, tl in enumerate(ft):
            dl = fd.readline()
            if not dl:
                sys.exit(f"{args.decisions}: ends at line {i + 1}, traffic has more lines")
            t = json.loads(tl)
            d = json.loads(dl)
            if d.get('i', i) != i:
                sys.exit(f"{args.decisions} line {i + 1}: i={d.get('i')} but expected {i}")
            action = d.get('action')
            if action not in ACTIONS:
                sys.exit(f"{args.decisions} line {i + 1}: unknown action {action!r}")
            lab = t['label']
            acc = key_acct.get(t['apiKey'], 'unknown:' + t['apiKey'][:12])
            acct_label[acc] = lab
            acct_n[acc] += 1
            req[lab] += 1
            act[lab][action] += 1
            if action in HARD:
                acct_hard[acc] = True
            if action in ('block', 'challenge'):
                if not acct_bc[acc]:
                    acct_first_bc[acc] = acct_n[acc]
                acct_bc[acc] = True
            if action != 'allow':
                acct_contained[acc] = True
                for r in d.get('reasons') or []:
                    reasons[lab][r] += 1
            n += 1
        if fd.readline().strip():
            sys.exit(f"{args.decisions}: more lines than {args.dir}/traffic.jsonl")

    labels = sorted(req)
    out = {'requests': n, 'labels': {}}
    print(f"{'label':30s} {'requests':>9s} {'allow':>7s} {'degr':>7s} {'thrtl':>7s} {'chall':>7s} {'block':>7s}   metric")
    for lab in labels:
        c = act[lab]
        tot = req[lab]
        row = {a: c[a] for a in ACTIONS}
        row['requests'] = tot
        accs = [a for a, l in acct_label.items() if l == lab]
        if lab.startswith('attack:'):
            leak = pct(c['allow'], tot)
            bc = sum(1 for a in accs if acct_bc[a])
            cont = sum(1 for a in accs if acct_contained[a])
            firsts = sorted(acct_first_bc[a] for a in accs if a in acct_first_bc)
            med = firsts[len(firsts) // 2] if firsts else None
            row.update(leak_pct=round(leak, 2), accounts=len(accs), accounts_blocked_or_challenged=bc,
                       accounts_blocked_or_challenged_pct=round(pct(bc, len(accs)), 1), accounts_ever_contained=cont,
                       median_requests_before_first_block_or_challenge=med)
            metric = (f"leak {leak:6.2f}%  accts blocked/challenged {bc}/{len(accs)} ({pct(bc, len(accs)):.0f}%)"
                      f"  ever contained {cont}/{len(accs)}" + (f"  median req# of 1st block/chall {med}" if med else ''))
        else:
            hard = sum(c[a] for a in HARD)
            hacc = sum(1 for a in accs if acct_hard[a])
            row.update(hard_fp_pct=round(pct(hard, tot), 3), soft_fp_pct=round(pct(c['degrade'], tot), 3), accounts=len(accs),
                       accounts_with_hard_action=hacc)
            metric = f"hard FP {pct(hard, tot):6.3f}%  soft FP {pct(c['degrade'], tot):6.3f}%  accts w/ hard action {hacc}/{len(accs)}"
        row['top_reasons'] = reasons[lab].most_common(5)
        out['labels'][lab] = row
        print(f"{lab:30s} {tot:9d} {c['allow']:7d} {c['degrade']:7d} {c['throttle']:7d} {c['challenge']:7d} {c['block']:7d}   {metric}")

    # pooled
    lt = sum(req[l] for l in labels if l.startswith('legit:'))
    lh = sum(act[l][a] for l in labels if l.startswith('legit:') for a in HARD)
    ls = sum(act[l]['degrade'] for l in labels if l.startswith('legit:'))
    laccs = [a for a, l in acct_label.items() if l.startswith('legit:')]
    lhacc = sum(1 for a in laccs if acct_hard[a])
    at = sum(req[l] for l in labels if l.startswith('attack:'))
    aa = sum(act[l]['allow'] for l in labels if l.startswith('attack:'))
    aaccs = [a for a, l in acct_label.items() if l.startswith('attack:')]
    abc = sum(1 for a in aaccs if acct_bc[a])
    print()
    print(f"legit pooled : {lt} requests, hard FP {pct(lh, lt):.3f}% ({lh}), soft FP {pct(ls, lt):.3f}% ({ls}); "
          f"legit accounts with any hard action: {lhacc}/{len(laccs)} ({pct(lhacc, len(laccs)):.2f}%)")
    print(f"attack pooled: {at} requests, leak {pct(aa, at):.2f}% ({aa} allowed); "
          f"attack accounts ever blocked/challenged: {abc}/{len(aaccs)} ({pct(abc, len(aaccs)):.1f}%)")
    for lab in labels:
        if reasons[lab]:
            print(f"  reasons {lab}: " + ', '.join(f"{r}={k}" for r, k in reasons[lab].most_common(6)))
    out['legit_pooled'] = {'requests': lt, 'hard': lh, 'soft': ls, 'hard_fp_pct': round(pct(lh, lt), 3), 'soft_fp_pct': round(pct(ls, lt), 3),
                           'accounts': len(laccs), 'accounts_with_hard_action': lhacc,
                           'accounts_with_hard_action_pct': round(pct(lhacc, len(laccs)), 2)}
    out['attack_pooled'] = {'requests': at, 'allowed': aa, 'leak_pct': round(pct(aa, at), 2), 'accounts': len(aaccs),
                            'accounts_blocked_or_challenged': abc}
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(out, f, indent=1)


if __name__ == '__main__':
    main()
