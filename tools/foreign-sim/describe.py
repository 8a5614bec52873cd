#!/usr/bin/env python3
"""Describe a generated dataset: egress diversity, per-account volume, peak rpm, dialects, models,
user agents per label, and the agentic-coding campaign's share on the new models after the release.

    python3 describe.py DIR
"""
import json, collections, sys
D = sys.argv[1]
T0=1803859200000; REL=T0+int(0.8*86400000); H=3600000
acc={}; key={}
for l in open(D+'/accounts.jsonl'):
    a=json.loads(l); acc[a['account']]=a
    for k in a['apiKeys']: key[k]=a['account']
lab=collections.defaultdict(lambda: collections.Counter())
ips=collections.defaultdict(set); asns=collections.defaultdict(set); ja4=collections.defaultdict(collections.Counter); ua=collections.defaultdict(collections.Counter)
per_acct_day=collections.defaultdict(collections.Counter)
pivot=collections.Counter()
maxrpm=collections.defaultdict(int)
win=collections.defaultdict(list)
models=collections.defaultdict(collections.Counter)
paths=collections.defaultdict(collections.Counter)
for l in open(D+'/traffic.jsonl'):
    r=json.loads(l); L=r['label']; a=key[r['apiKey']]
    ips[L].add(r['ip']); asns[L].add(r['asn']); ja4[L][r['ja4']]+=1; ua[L][r['userAgent'].split('/')[0][:20]]+=1
    per_acct_day[(L,a)][(r['ts']-T0)//86400000]+=1
    models[L][r['body']['model']]+=1; paths[L][r['path']]+=1
    if L=='attack:agentic-coding-pivot' and r['ts']>=REL:
        b=(r['ts']-REL)//(6*H); pivot[(b, r['body']['model'] in ('frontier-2','claude-frontier-2'))]+=1
    w=win[a]; w.append(r['ts'])
    while w[0]<=r['ts']-60000: w.pop(0)
    if len(w)>maxrpm[a]: maxrpm[a]=len(w)
for L in sorted(ips):
    days=[sum(c.values())/max(1,len(c)) for (l,a),c in per_acct_day.items() if l==L]
    mr=sorted(maxrpm[a] for (l,a) in per_acct_day if l==L)
    print(f"{L:28s} ips {len(ips[L]):6d} asns {len(asns[L]):4d} ja4s {len(ja4[L]):3d} | req/acct/day median {sorted(days)[len(days)//2]:.0f} max {max(days):.0f} | peak rpm median {mr[len(mr)//2]} max {mr[-1]}")
    print('    paths', dict(paths[L]))
    print('    models', dict(models[L]))
    print('    ua', dict(ua[L].most_common(6)))
print('pivot new-model share by 6h bucket after release:')
for b in range(0,5):
    n=pivot[(b,True)]; o=pivot[(b,False)]
    print('  ', b*6,'-',b*6+6,'h', n, o, '%.0f%%'%(100*n/max(1,n+o)))
