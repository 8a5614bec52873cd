"""Network egress pools (IP / ASN / country), TLS (JA4) and user-agent profiles.

Numbers are plausible, not authoritative: AS numbers are those of the named
networks as far as the author knows; prefixes are representative first octets.
"""
import math

from rand import pick, wpick  # noqa: F401 (re-exported for the other modules)

# country -> [(asn, kind, v4 prefixes, v6 prefix or None)]
ISPS = {
    'US': [(7922, 'res', ['73.', '98.', '24.', '67.', '71.'], '2601:'), (7018, 'res', ['99.', '107.', '108.'], '2600:1700:'),
           (701, 'res', ['71.', '100.', '173.'], None), (20115, 'res', ['47.', '66.', '97.'], '2603:'),
           (22773, 'res', ['68.', '70.', '72.'], None), (21928, 'mob', ['172.56.', '172.58.'], '2607:fb90:'),
           (6167, 'mob', ['174.192.', '174.205.'], '2600:1000:'), (20057, 'mob', ['166.170.', '107.77.'], None)],
    'GB': [(2856, 'res', ['86.', '81.', '109.'], None), (5607, 'res', ['90.', '2.'], '2a02:c7c:'), (5089, 'res', ['82.', '62.'], None),
           (12576, 'mob', ['31.94.', '148.252.'], None), (25135, 'mob', ['185.69.', '85.255.'], None)],
    'DE': [(3320, 'res', ['79.', '84.', '91.', '93.'], '2003:'), (3209, 'res', ['88.', '94.', '188.'], '2a02:810:'),
           (6805, 'res', ['78.', '85.'], None), (8881, 'res', ['77.', '82.'], None), (3320, 'mob', ['80.187.'], None)],
    'FR': [(3215, 'res', ['90.', '86.', '92.'], '2a01:cb00:'), (12322, 'res', ['82.', '88.', '78.'], '2a01:e0a:'),
           (5410, 'res', ['176.', '89.'], None), (15557, 'res', ['77.', '109.'], None), (51207, 'mob', ['37.171.'], None)],
    'IN': [(24560, 'mob', ['106.', '122.'], None), (55836, 'mob', ['49.', '157.'], '2409:40:'), (45609, 'mob', ['1.38.', '223.'], None),
           (17488, 'res', ['59.', '183.'], None), (24309, 'res', ['103.'], None)],
    'JP': [(4713, 'res', ['60.', '114.', '153.'], None), (2516, 'res', ['106.', '111.', '27.'], '240f:'),
           (17676, 'res', ['126.', '221.'], None), (9605, 'mob', ['1.66.', '49.96.'], None)],
    'BR': [(26599, 'res', ['177.', '179.', '189.'], None), (28573, 'res', ['187.', '201.'], None), (18881, 'res', ['177.', '191.'], None)],
    'CA': [(577, 'res', ['70.', '142.', '174.'], None), (812, 'res', ['99.', '24.', '72.'], None), (852, 'res', ['75.', '96.'], None)],
    'AU': [(1221, 'res', ['101.', '110.', '120.'], None), (4804, 'res', ['49.', '211.'], None), (4739, 'res', ['150.', '203.'], None)],
    'ES': [(3352, 'res', ['79.', '83.', '88.'], None), (12479, 'res', ['37.', '46.'], None), (12430, 'mob', ['5.205.'], None)],
    'NL': [(1136, 'res', ['77.', '145.'], None), (33915, 'res', ['84.', '62.'], None)],
    'KR': [(4766, 'res', ['175.', '211.', '121.'], None), (9318, 'res', ['1.224.', '39.'], None)],
    'SG': [(7473, 'res', ['116.', '118.'], None), (9506, 'res', ['101.', '116.'], None)],
    'MX': [(8151, 'res', ['187.', '189.', '201.'], None)],
    'PL': [(5617, 'res', ['83.', '31.'], None), (12741, 'res', ['37.', '188.'], None)],
    'SE': [(3301, 'res', ['78.', '81.'], None)],
    'IT': [(3269, 'res', ['79.', '87.', '93.'], None), (30722, 'mob', ['5.90.', '151.'], None)],
    'TR': [(9121, 'res', ['78.', '85.', '88.'], None)],
    'ID': [(7713, 'res', ['36.', '180.'], None)],
    'VN': [(7552, 'res', ['14.', '27.', '113.'], None)],
    'TW': [(3462, 'res', ['1.160.', '36.', '114.'], None)],
    'HK': [(4760, 'res', ['112.', '219.'], None), (9269, 'res', ['42.', '58.'], None)],
    'NG': [(29465, 'mob', ['105.112.', '197.210.'], None)],
    'ZA': [(37457, 'res', ['41.', '105.'], None)],
    'CH': [(3303, 'res', ['85.', '178.'], None)],
}
TZ = {'US': [-5, -5, -6, -8], 'GB': [0], 'DE': [1], 'FR': [1], 'IN': [5.5], 'JP': [9], 'BR': [-3], 'CA': [-5, -8], 'AU': [10, 8],
      'ES': [1], 'NL': [1], 'KR': [9], 'SG': [8], 'MX': [-6], 'PL': [1], 'SE': [1], 'IT': [1], 'TR': [3], 'ID': [7], 'VN': [7],
      'TW': [8], 'HK': [8], 'NG': [1], 'ZA': [2], 'CH': [1], 'IE': [0], 'FI': [2], 'BE': [1]}
USER_COUNTRIES = [('US', 34), ('GB', 8), ('DE', 8), ('IN', 9), ('FR', 5), ('JP', 4), ('BR', 5), ('CA', 5), ('AU', 3), ('ES', 3),
                  ('NL', 3), ('KR', 2), ('SG', 2), ('MX', 2), ('PL', 2), ('SE', 1), ('IT', 3), ('TR', 1), ('ID', 1),
                  ('NG', 1), ('ZA', 1), ('CH', 1)]
PROXY_COUNTRIES = [('US', 30), ('GB', 8), ('DE', 7), ('CA', 6), ('JP', 5), ('SG', 5), ('KR', 4), ('AU', 4), ('BR', 5), ('IN', 5),
                   ('FR', 4), ('NL', 3), ('TW', 4), ('HK', 3), ('VN', 3), ('ID', 3), ('MX', 2), ('IT', 2), ('PL', 2), ('TR', 2)]

CLOUD = {
    'aws': (16509, {'US': ['3.', '18.', '34.', '52.', '54.'], 'DE': ['3.64.', '18.184.'], 'IE': ['34.240.', '52.16.'],
                    'SG': ['13.212.', '54.169.'], 'JP': ['13.112.', '54.64.']}),
    'aws2': (14618, {'US': ['3.80.', '44.192.', '54.80.']}),
    'gcp': (396982, {'US': ['34.16.', '35.184.', '34.145.'], 'NL': ['34.90.', '35.204.'], 'BE': ['34.76.', '35.187.'], 'TW': ['35.194.']}),
    'azure': (8075, {'US': ['20.', '40.', '52.'], 'NL': ['20.50.', '52.166.'], 'IE': ['20.54.']}),
    'do': (14061, {'US': ['159.203.', '167.99.', '104.248.'], 'DE': ['164.90.', '46.101.'], 'SG': ['128.199.', '159.223.']}),
    'hetzner': (24940, {'DE': ['5.9.', '49.12.', '116.202.', '95.216.'], 'FI': ['65.108.', '95.217.']}),
    'ovh': (16276, {'FR': ['51.68.', '51.75.', '54.36.'], 'CA': ['144.217.', '158.69.']}),
    'vultr': (20473, {'US': ['45.76.', '149.28.', '207.148.'], 'JP': ['45.32.', '139.180.']}),
    'oracle': (31898, {'US': ['129.146.', '150.136.'], 'KR': ['146.56.', '132.226.']}),
}
PROXY_DC = {
    'm247': (9009, {'US': ['38.132.', '146.70.'], 'GB': ['185.216.', '146.70.'], 'DE': ['89.187.']}),
    'datacamp': (60068, {'US': ['84.17.', '156.146.'], 'JP': ['138.199.']}),
    'leaseweb': (60781, {'NL': ['5.79.', '37.48.', '85.17.']}),
    'contabo': (51167, {'DE': ['161.97.', '173.212.', '207.180.']}),
    'psychz': (40676, {'US': ['104.149.', '23.239.']}),
}
EDU = [(3, 'US', ['18.']), (32, 'US', ['171.64.', '171.67.']), (25, 'US', ['128.32.', '136.152.']), (9, 'US', ['128.2.', '128.237.']),
       (786, 'GB', ['129.67.', '131.111.', '128.40.']), (680, 'DE', ['129.187.', '141.84.', '134.76.']),
       (2200, 'FR', ['129.175.', '134.157.']), (1103, 'NL', ['145.94.', '131.155.']), (559, 'CH', ['129.132.', '192.33.']),
       (7575, 'AU', ['129.78.', '130.56.']), (2907, 'JP', ['133.11.', '130.54.']), (1916, 'BR', ['143.107.', '200.144.']),
       (2018, 'ZA', ['137.158.', '146.141.']), (55824, 'IN', ['14.139.', '103.27.'])]
CORP = {'zscaler': (22616, {'US': ['165.225.', '136.226.'], 'DE': ['165.225.', '147.161.'], 'GB': ['165.225.'], 'IN': ['165.225.']}),
        'lumen': (3356, {'US': ['4.', '8.', '63.']}), 'cogent': (174, {'US': ['38.', '154.'], 'DE': ['149.6.']}),
        'arelion': (1299, {'SE': ['62.115.'], 'DE': ['80.91.']}), 'colt': (8220, {'GB': ['212.36.', '213.86.'], 'FR': ['212.23.']}),
        'ntt': (2914, {'JP': ['61.213.', '129.250.'], 'US': ['129.250.']})}


def rand_ip(rng, prefix):
    if ':' in prefix:
        groups = [g for g in prefix.split(':') if g]
        while len(groups) < 8:
            groups.append('%x' % rng.randrange(0x10000))
        return ':'.join(groups)
    parts = [p for p in prefix.split('.') if p]
    while len(parts) < 4:
        parts.append(str(rng.randint(1, 254)))
    return '.'.join(parts)


def isp_addr(rng, cc, kind=None, v6=0.1):
    opts = [e for e in ISPS[cc] if kind is None or e[1] == kind] or ISPS[cc]
    asn, _, v4, v6p = pick(rng, opts)
    if v6p and rng.random() < v6:
        return (rand_ip(rng, v6p), asn, cc)
    return (rand_ip(rng, pick(rng, v4)), asn, cc)


def pool_addr(rng, table, name, cc=None):
    asn, regions = table[name]
    if cc is None or cc not in regions:
        cc = pick(rng, sorted(regions))
    return (rand_ip(rng, pick(rng, regions[cc])), asn, cc)


class SharedPools:
    """CGNAT and campus NAT addresses shared by many unrelated users."""

    def __init__(self, rng):
        self.rng = rng
        self.cgnat = {}
        self.campus = {}

    def cgnat_addr(self, rng, cc):
        if cc not in self.cgnat:
            mobs = [e for e in ISPS[cc] if e[1] == 'mob'] or ISPS[cc][:1]
            pool = []
            for asn, _, v4, _ in mobs:
                for _ in range(30):
                    pool.append((rand_ip(self.rng, pick(self.rng, v4)), asn, cc))
            self.cgnat[cc] = pool
        return pick(rng, self.cgnat[cc])

    def campus_pool(self, idx):
        if idx not in self.campus:
            asn, cc, pre = EDU[idx]
            self.campus[idx] = [(rand_ip(self.rng, pick(self.rng, pre)), asn, cc) for _ in range(6)]
        return self.campus[idx]


# ------------------------------------------------------------ net identities

def local_hour(ts, t0, tz):
    return (((ts - t0) / 3600000.0) + tz) % 24


def local_day(ts, t0, tz):
    return int(math.floor(((ts - t0) / 3600000.0 + tz) / 24))


class FixedNet:
    def __init__(self, addrs, sticky=0.0):
        self.addrs = addrs
        self.sticky = sticky

    def pick(self, rng, ts):
        if self.sticky and rng.random() < self.sticky:
            return self.addrs[0]
        return pick(rng, self.addrs)


class HomeNet:
    """Home broadband (may renew once), mobile CGNAT sometimes, office/campus in work hours."""

    def __init__(self, rng, t0, tz, home, home2=None, switch=None, mobile=None, mobile_p=0.0, work=None, work_p=0.0,
                 work_hours=(8.5, 18), pools=None):
        self.t0, self.tz = t0, tz
        self.home, self.home2, self.switch = home, home2, switch
        self.mobile, self.mobile_p = mobile, mobile_p
        self.work, self.work_p, self.work_hours = work, work_p, work_hours
        self.pools = pools

    def pick(self, rng, ts):
        h = local_hour(ts, self.t0, self.tz)
        d = local_day(ts, self.t0, self.tz)
        if self.work and 0 <= d <= 4 and self.work_hours[0] <= h < self.work_hours[1] and rng.random() < self.work_p:
            return pick(rng, self.work)
        if self.mobile and rng.random() < self.mobile_p:
            return self.pools.cgnat_addr(rng, self.mobile)
        if self.home2 and ts >= self.switch:
            return self.home2
        return self.home


class RotatingProxy:
    """Commercial residential proxy: a fresh exit per request."""

    def __init__(self, countries, v6=0.08, collide=None, collide_p=0.0, dc=None, dc_p=0.0):
        self.countries, self.v6 = countries, v6
        self.collide, self.collide_p = collide, collide_p
        self.dc, self.dc_p = dc, dc_p

    def pick(self, rng, ts):
        if self.collide and rng.random() < self.collide_p:
            return pick(rng, self.collide)
        if self.dc and rng.random() < self.dc_p:
            return pool_addr(rng, PROXY_DC, pick(rng, self.dc))
        cc = wpick(rng, self.countries)
        return isp_addr(rng, cc, 'res' if rng.random() < .85 else None, self.v6)


class StickyProxy:
    """Residential proxy with sticky sessions (same exit for a while)."""

    def __init__(self, countries, session_ms, seed_rng):
        self.countries, self.session_ms = countries, session_ms
        self.cur, self.until = None, -1
        self.r = seed_rng

    def pick(self, rng, ts):
        if self.cur is None or ts >= self.until:
            cc = wpick(self.r, self.countries)
            self.cur = isp_addr(self.r, cc, 'res', 0.05)
            self.until = ts + int(self.session_ms * (0.5 + self.r.random()))
        return self.cur


# ------------------------------------------------------------ clients

JA4 = {
    'chrome': ['t13d1516h2_8daaf6152771_02713d6af862', 't13d1516h2_8daaf6152771_e5627efa2ab1', 't13d1517h2_8daaf6152771_b1ff8ab2d16f'],
    'firefox': ['t13d1715h2_5b57614c22b0_3d5424432f57', 't13d1716h2_5b57614c22b0_eeeea6562960'],
    'safari': ['t13d2014h2_a09f3c656075_14788d8d241b', 't13d2013h2_a09f3c656075_7f0f34a4126d'],
    'python': ['t13d1812h1_85036bcba153_b26ce05bbdd6', 't13d1813h1_85036bcba153_3de49e4c3a7a', 't13d1812h2_85036bcba153_375ca2c5e164'],
    'node': ['t13d1712h1_5b234860e130_014157ec0da2', 't13d1713h2_5b234860e130_a2fbe7b9c5f1'],
    'go': ['t13d1310h2_f57a46bbacb6_e7c285222651', 't13d1311h2_f57a46bbacb6_0c1f5ae3b7ad'],
    'curl': ['t13d3112h2_e8f1e7e78f70_6bebaf5329ac', 't13d3113h2_e8f1e7e78f70_ce5650b735ce'],
    'java': ['t13d1614h2_46e7e9700bed_45f260be83e2'],
    'rust': ['t13d0911h2_f91f431d341e_dc7a8e48ad23'],
}
OS_UA = ['Windows NT 10.0; Win64; x64', 'Macintosh; Intel Mac OS X 10_15_7', 'X11; Linux x86_64']


def browser_ua(rng, kind):
    if kind == 'chrome':
        v = rng.randint(128, 140)
        return f"Mozilla/5.0 ({pick(rng, OS_UA)}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
    if kind == 'edge':
        v = rng.randint(128, 140)
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0"
    if kind == 'firefox':
        v = rng.randint(128, 142)
        return f"Mozilla/5.0 ({pick(rng, OS_UA)}; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
    v = rng.choice(['17.6', '18.2', '18.4', '19.1'])
    if rng.random() < .4:
        return f"Mozilla/5.0 (iPhone; CPU iPhone OS {v.replace('.', '_')} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} Mobile/15E148 Safari/604.1"
    return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} Safari/605.1.15"


def stainless(lang, ver, rng, runtime=None):
    os_ = pick(rng, ['Linux', 'MacOS', 'Windows'])
    h = {'x-stainless-lang': lang, 'x-stainless-package-version': ver, 'x-stainless-os': os_,
         'x-stainless-arch': pick(rng, ['x64', 'arm64']), 'x-stainless-retry-count': '0'}
    if lang == 'python':
        h['x-stainless-runtime'] = 'CPython'
        h['x-stainless-runtime-version'] = runtime or f"3.{rng.randint(9, 13)}.{rng.randint(0, 12)}"
    else:
        h['x-stainless-runtime'] = 'node'
        h['x-stainless-runtime-version'] = runtime or f"v{pick(rng, [18, 20, 22])}.{rng.randint(0, 19)}.{rng.randint(0, 3)}"
    return h


def make_client(rng, kind):
    """Return dict(kind, ua, ja4, headers)."""
    h = {}
    if kind == 'openai-py':
        v = pick(rng, [f"1.{rng.randint(52, 99)}.{rng.randint(0, 9)}", f"2.{rng.randint(0, 9)}.{rng.randint(0, 5)}"])
        ua, ja4, h = f"OpenAI/Python {v}", pick(rng, JA4['python']), stainless('python', v, rng)
    elif kind == 'openai-node':
        v = pick(rng, [f"4.{rng.randint(70, 104)}.{rng.randint(0, 5)}", f"5.{rng.randint(0, 12)}.{rng.randint(0, 3)}"])
        ua, ja4, h = f"OpenAI/JS {v}", pick(rng, JA4['node']), stainless('js', v, rng)
    elif kind == 'anthropic-py':
        v = f"0.{rng.randint(40, 75)}.{rng.randint(0, 5)}"
        ua, ja4, h = f"Anthropic/Python {v}", pick(rng, JA4['python']), stainless('python', v, rng)
    elif kind == 'anthropic-ts':
        v = f"0.{rng.randint(33, 62)}.{rng.randint(0, 4)}"
        ua, ja4, h = f"Anthropic/JS {v}", pick(rng, JA4['node']), stainless('js', v, rng)
    elif kind == 'httpx':
        ua, ja4 = f"python-httpx/0.{rng.randint(25, 28)}.{rng.randint(0, 2)}", pick(rng, JA4['python'])
    elif kind == 'requests':
        ua, ja4 = f"python-requests/2.{rng.randint(28, 32)}.{rng.randint(0, 3)}", pick(rng, JA4['python'])
    elif kind == 'aiohttp':
        ua, ja4 = f"Python/3.{rng.randint(10, 12)} aiohttp/3.{rng.randint(9, 11)}.{rng.randint(0, 12)}", pick(rng, JA4['python'])
    elif kind == 'curl':
        ua, ja4 = f"curl/{pick(rng, ['7.81.0', '8.5.0', '8.7.1', '8.11.1', '8.12.0'])}", pick(rng, JA4['curl'])
    elif kind == 'go':
        ua, ja4 = pick(rng, ['Go-http-client/2.0', 'Go-http-client/1.1']), pick(rng, JA4['go'])
    elif kind == 'java':
        ua, ja4 = f"okhttp/4.{rng.randint(10, 12)}.0", JA4['java'][0]
    elif kind in ('chrome', 'edge'):
        ua, ja4 = browser_ua(rng, kind), pick(rng, JA4['chrome'])
    elif kind == 'firefox':
        ua, ja4 = browser_ua(rng, kind), pick(rng, JA4['firefox'])
    elif kind == 'safari':
        ua, ja4 = browser_ua(rng, kind), pick(rng, JA4['safari'])
    elif kind == 'electron':
        app = pick(rng, ['ChatDesk/2.3.1', 'Quillbox/0.19.4', 'LLMStudio-Lite/1.7.0'])
        ua = (f"Mozilla/5.0 ({pick(rng, OS_UA)}) AppleWebKit/537.36 (KHTML, like Gecko) {app} "
              f"Chrome/{rng.randint(124, 134)}.0.6613.186 Electron/{rng.randint(30, 34)}.2.0 Safari/537.36")
        ja4 = pick(rng, JA4['chrome'])
    elif kind == 'ide':
        ua, stack = pick(rng, [(f"vscode-agentic/1.{rng.randint(8, 14)}.{rng.randint(0, 9)} (darwin; arm64) node/20.18.0", 'node'),
                               (f"vscode-agentic/1.{rng.randint(8, 14)}.{rng.randint(0, 9)} (win32; x64) node/20.18.0", 'node'),
                               (f"JetBrains-AIAssistant/243.{rng.randint(20000, 26000)} (Java 21.0.5)", 'java'),
                               (f"aider/0.{rng.randint(70, 86)}.{rng.randint(0, 3)}", 'python'),
                               (f"Zed/0.{rng.randint(160, 190)}.{rng.randint(0, 5)} (macos; aarch64)", 'rust'),
                               (f"codeagent-cli/1.{rng.randint(2, 9)}.{rng.randint(0, 9)} node/22.11.0", 'node')])
        ja4 = pick(rng, JA4[stack])
    else:
        raise ValueError(kind)
    return {'kind': kind, 'ua': ua, 'ja4': ja4, 'headers': h}
