"""One neutral conversation representation, rendered into the four API dialects.

conv = {'system': str|None, 'tools': [tool names], 'turns': [turn, ...]}
turn = {'role': 'user', 'text': str, 'images': [('url', u) | ('b64', mime, data)]}
     | {'role': 'assistant', 'text': str, 'thinking': str|None, 'calls': [{'id', 'name', 'args'}]}
     | {'role': 'tool', 'results': [{'id', 'name', 'output'}]}
"""
import json

ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'


def rid(rng, n):
    return ''.join(ALNUM[rng.randrange(62)] for _ in range(n))


def _s(t, props, req):
    return {'type': 'object', 'properties': props, 'required': req}


STR = {'type': 'string'}
INT = {'type': 'integer'}
TOOLS = {
    'read_file': ('Read a file from the repository and return its contents.', _s('', {'path': {'type': 'string', 'description': 'Path relative to the repo root'}}, ['path'])),
    'write_file': ('Create or overwrite a file.', _s('', {'path': STR, 'content': STR}, ['path', 'content'])),
    'str_replace': ('Replace an exact string in a file with a new string.', _s('', {'path': STR, 'old_str': STR, 'new_str': STR}, ['path', 'old_str', 'new_str'])),
    'bash': ('Run a shell command in the sandbox and return stdout/stderr.', _s('', {'command': STR, 'timeout': INT}, ['command'])),
    'search_code': ('Search the codebase with a regular expression.', _s('', {'pattern': STR, 'glob': STR}, ['pattern'])),
    'run_tests': ('Run the test suite or a subset of it.', _s('', {'target': {'type': 'string', 'description': 'test path or node id'}}, [])),
    'list_dir': ('List files in a directory.', _s('', {'path': STR}, ['path'])),
    'web_search': ('Search the web and return the top results with snippets.', _s('', {'query': STR, 'num_results': INT}, ['query'])),
    'fetch_url': ('Fetch a web page and return its readable text.', _s('', {'url': STR}, ['url'])),
    'python': ('Execute Python code in a stateful Jupyter kernel.', _s('', {'code': STR}, ['code'])),
    'query_database': ('Run a read-only SQL query against the analytics warehouse.', _s('', {'sql': STR}, ['sql'])),
    'search_flights': ('Search flights between two airports on a date.', _s('', {'origin': STR, 'destination': STR, 'date': STR, 'cabin': {'type': 'string', 'enum': ['economy', 'premium', 'business']}}, ['origin', 'destination', 'date'])),
    'book_flight': ('Book a flight by offer id.', _s('', {'offer_id': STR, 'passenger_name': STR}, ['offer_id', 'passenger_name'])),
    'create_calendar_event': ('Create a calendar event.', _s('', {'title': STR, 'start': STR, 'end': STR, 'attendees': {'type': 'array', 'items': STR}}, ['title', 'start'])),
    'send_email': ('Send an email on behalf of the user.', _s('', {'to': STR, 'subject': STR, 'body': STR}, ['to', 'subject', 'body'])),
    'get_weather': ('Get the weather forecast for a location.', _s('', {'location': STR, 'unit': {'type': 'string', 'enum': ['celsius', 'fahrenheit']}}, ['location'])),
    'get_stock_quote': ('Get the latest quote for a ticker.', _s('', {'ticker': STR}, ['ticker'])),
    'create_ticket': ('Open a ticket in the issue tracker.', _s('', {'title': STR, 'priority': {'type': 'string', 'enum': ['low', 'medium', 'high']}, 'description': STR}, ['title'])),
    'kubectl': ('Run a kubectl command against the staging cluster.', _s('', {'args': STR}, ['args'])),
    'lookup_order': ('Look up an order by id in the order system.', _s('', {'order_id': STR}, ['order_id'])),
}
# Product-specific tool vocabularies (same semantics, different names/schemas), so that unrelated
# clients do not share one tool-schema fingerprint.
ALIAS = {}


def _alias(new, canon, desc, props, req, ren=None):
    TOOLS[new] = (desc, _s('', props, req))
    ALIAS[new] = (canon, ren or {})


_alias('readFile', 'read_file', 'Read the contents of a file in the workspace. Use line ranges for large files.',
       {'filePath': STR, 'startLine': INT, 'endLine': INT}, ['filePath'], {'path': 'filePath'})
_alias('editFile', 'str_replace', 'Apply an edit to a file. Provide the exact text to replace and the replacement.',
       {'filePath': STR, 'oldString': STR, 'newString': STR}, ['filePath', 'oldString', 'newString'],
       {'path': 'filePath', 'old_str': 'oldString', 'new_str': 'newString'})
_alias('runInTerminal', 'bash', 'Run a command in the integrated terminal of the editor.', {'command': STR, 'isBackground': {'type': 'boolean'}},
       ['command'])
_alias('grepSearch', 'search_code', 'Fast text search across the workspace.', {'query': STR, 'isRegexp': {'type': 'boolean'}}, ['query'],
       {'pattern': 'query'})
_alias('listDir', 'list_dir', 'List the contents of a directory in the workspace.', {'path': STR}, ['path'])
_alias('open_file', 'read_file', 'Opens a file from the project and returns its text.', {'file': STR}, ['file'], {'path': 'file'})
_alias('replace_in_file', 'str_replace', 'Replaces text in a project file.', {'file': STR, 'search': STR, 'replace': STR},
       ['file', 'search', 'replace'], {'path': 'file', 'old_str': 'search', 'new_str': 'replace'})
_alias('run_command', 'bash', 'Runs a command in the IDE terminal and returns its output.', {'cmd': STR}, ['cmd'], {'command': 'cmd'})
_alias('find_usages', 'search_code', 'Finds usages of a symbol in the project.', {'symbol': STR}, ['symbol'], {'pattern': 'symbol'})
_alias('edit_file', 'str_replace', 'Edit a file by describing the change with old and new text.',
       {'path': STR, 'old_text': STR, 'new_text': STR, 'display_description': STR}, ['path', 'old_text', 'new_text'],
       {'old_str': 'old_text', 'new_str': 'new_text'})
_alias('terminal', 'bash', 'Execute a shell command in the project directory.', {'command': STR, 'cd': STR}, ['command', 'cd'])
_alias('grep', 'search_code', 'Search file contents with a regex.', {'regex': STR, 'include_pattern': STR}, ['regex'], {'pattern': 'regex'})
_alias('Read', 'read_file', 'Reads a file from the local filesystem.', {'file_path': STR, 'offset': INT, 'limit': INT}, ['file_path'],
       {'path': 'file_path'})
_alias('Edit', 'str_replace', 'Performs exact string replacements in files.', {'file_path': STR, 'old_string': STR, 'new_string': STR},
       ['file_path', 'old_string', 'new_string'], {'path': 'file_path', 'old_str': 'old_string', 'new_str': 'new_string'})
_alias('Bash', 'bash', 'Executes a bash command in a persistent shell session.', {'command': STR, 'description': STR}, ['command'])
_alias('Grep', 'search_code', 'A search tool built on ripgrep.', {'pattern': STR, 'path': STR}, ['pattern'])
_alias('get_current_weather', 'get_weather', 'Get the current weather in a given location', {'location': STR, 'unit': STR}, ['location'])
_alias('find_flights', 'search_flights', 'Find flights between two cities', {'origin': STR, 'destination': STR, 'date': STR},
       ['origin', 'destination', 'date'])
_alias('calendar_add', 'create_calendar_event', 'Add an event to the calendar', {'title': STR, 'start': STR}, ['title', 'start'])
_alias('send_mail', 'send_email', 'Send an email', {'to': STR, 'subject': STR, 'body': STR}, ['to', 'subject', 'body'])
_alias('sql_query', 'query_database', 'Execute an SQL query', {'sql': STR}, ['sql'])
_alias('stock_price', 'get_stock_quote', 'Get the stock price for a ticker symbol', {'ticker': STR}, ['ticker'])

AGENT_TOOLSETS = {
    'ide-vscode': ['readFile', 'editFile', 'runInTerminal', 'grepSearch', 'listDir'],
    'ide-jetbrains': ['open_file', 'replace_in_file', 'run_command', 'find_usages'],
    'ide-zed': ['read_file', 'edit_file', 'terminal', 'grep', 'list_dir'],
    'ide-cli': ['Read', 'Edit', 'Bash', 'Grep'],
    'fc-bench': ['get_current_weather', 'find_flights', 'calendar_add', 'send_mail', 'sql_query', 'stock_price'],
    'coding': ['read_file', 'str_replace', 'bash', 'search_code', 'run_tests'],
    'coding2': ['read_file', 'write_file', 'bash', 'list_dir', 'search_code'],
    'research': ['web_search', 'fetch_url', 'python'],
    'ops': ['bash', 'kubectl', 'query_database', 'create_ticket'],
    'travel': ['search_flights', 'book_flight', 'create_calendar_event', 'send_email', 'get_weather'],
    'data': ['query_database', 'python', 'send_email'],
    'finance': ['get_stock_quote', 'python', 'web_search'],
}


def tool_args(rng, name, ctx=''):
    canon, ren = ALIAS.get(name, (name, {}))
    args = _tool_args(rng, canon, ctx)
    out = {ren.get(k, k): v for k, v in args.items()}
    if name == 'terminal':
        out['cd'] = '.'
    return out


def _tool_args(rng, name, ctx=''):
    import textbank as tb
    if name in ('read_file', 'list_dir'):
        return {'path': tb.pick(rng, tb.DEV_FILES) if name == 'read_file' else tb.pick(rng, ['src', 'tests', 'src/api', '.'])}
    if name == 'write_file':
        return {'path': tb.pick(rng, tb.DEV_FILES), 'content': tb.fake_file(rng, 'x.py')}
    if name == 'str_replace':
        return {'path': tb.pick(rng, tb.DEV_FILES), 'old_str': '    return result\n', 'new_str': '    return list(result)\n'}
    if name == 'bash':
        return {'command': tb.pick(rng, ['git status', 'git diff --stat', 'pytest -x -q', 'npm test -- --run', 'ls -la src',
                                         'grep -rn "retry" src | head', 'python -m mypy src', 'cat setup.cfg', 'go test ./...'])}
    if name == 'search_code':
        return {'pattern': tb.pick(rng, ['def handle_', 'retry\\(', 'class .*Error', 'TODO', 'useEffect', 'timezone'])}
    if name == 'run_tests':
        return {'target': tb.pick(rng, ['tests/', 'tests/test_invoice.py', 'tests/test_scheduler.py::test_tick', ''])}
    if name == 'web_search':
        return {'query': (ctx or 'latest benchmark results')[:80], 'num_results': 5}
    if name == 'fetch_url':
        return {'url': f"https://{tb.pick(rng, ['arxiv.org/abs/25', 'docs.example.org/guide/', 'en.wikipedia.org/wiki/'])}{rng.randint(1000, 9999)}"}
    if name == 'python':
        return {'code': tb.pick(rng, ['import pandas as pd\ndf = pd.read_csv("data.csv")\ndf.describe()', 'sum(x**2 for x in range(100))',
                                      'import numpy as np\nnp.polyfit(x, y, 2)'])}
    if name == 'query_database':
        return {'sql': tb.pick(rng, ['SELECT count(*) FROM orders WHERE created_at > now() - interval \'7 days\'',
                                     'SELECT plan, count(*) FROM accounts GROUP BY plan'])}
    if name == 'search_flights':
        a, b = rng.sample(['LIS', 'FRA', 'JFK', 'NRT', 'SIN', 'GRU', 'YUL', 'CPT', 'MAD', 'AMS'], 2)
        return {'origin': a, 'destination': b, 'date': f"2027-03-{rng.randint(5, 28):02d}", 'cabin': 'economy'}
    if name == 'book_flight':
        return {'offer_id': 'off_' + rid(rng, 10), 'passenger_name': tb.pick(rng, tb.FIRST) + ' Smith'}
    if name == 'create_calendar_event':
        return {'title': 'Flight', 'start': f"2027-03-{rng.randint(5, 28):02d}T09:00:00"}
    if name == 'send_email':
        return {'to': 'team@example.com', 'subject': 'Update', 'body': 'Please see the summary below.'}
    if name == 'get_weather':
        return {'location': tb.pick(rng, tb.CITIES), 'unit': 'celsius'}
    if name == 'get_stock_quote':
        return {'ticker': tb.pick(rng, ['ACME', 'GLOB', 'NRTH', 'ZEN'])}
    if name == 'create_ticket':
        return {'title': 'Investigate latency regression', 'priority': 'high'}
    if name == 'kubectl':
        return {'args': tb.pick(rng, ['get pods -n api', 'describe deploy api -n api', 'logs api-7c9f -n api --tail=50'])}
    if name == 'lookup_order':
        return {'order_id': str(rng.randint(100000, 999999))}
    return {}


def tool_result(rng, name):
    import textbank as tb
    name = ALIAS.get(name, (name, {}))[0]
    if name in ('read_file', 'bash', 'search_code', 'run_tests', 'list_dir', 'write_file', 'str_replace'):
        return tb.tool_output(rng, {'search_code': 'grep'}.get(name, name))
    if name == 'web_search':
        return json.dumps([{'title': f"Result {i}", 'url': f"https://example.org/{rid(rng, 6)}", 'snippet': tb.reply_text(rng, 'this', 25)} for i in range(3)])
    if name == 'fetch_url':
        return tb.reply_text(rng, 'the document', rng.randint(150, 500))
    if name == 'python':
        return pick_num(rng)
    if name == 'query_database':
        return json.dumps({'columns': ['plan', 'count'], 'rows': [['free', rng.randint(100, 9999)], ['pro', rng.randint(10, 999)]]})
    if name == 'search_flights':
        return json.dumps({'offers': [{'id': 'off_' + rid(rng, 10), 'price': rng.randint(90, 1400), 'stops': rng.randint(0, 2)} for _ in range(3)]})
    if name == 'kubectl':
        return 'NAME                   READY   STATUS             RESTARTS   AGE\napi-7c9f6d9b8-x2lqz    0/1     CrashLoopBackOff   7          14m'
    return json.dumps({'ok': True, 'id': rid(rng, 8)})


def pick_num(rng):
    return f"Out[{rng.randint(1, 40)}]: {rng.uniform(-1000, 100000):.4f}"


def _fmt_id(cid, dialect):
    return ('toolu_01' + cid[:22]) if dialect == 'messages' else ('call_' + cid[:24])


def _img_chat(img):
    if img[0] == 'url':
        return {'type': 'image_url', 'image_url': {'url': img[1], 'detail': 'auto'}}
    return {'type': 'image_url', 'image_url': {'url': f"data:{img[1]};base64,{img[2]}"}}


def _img_resp(img):
    if img[0] == 'url':
        return {'type': 'input_image', 'image_url': img[1], 'detail': 'auto'}
    return {'type': 'input_image', 'image_url': f"data:{img[1]};base64,{img[2]}"}


def _img_msg(img):
    if img[0] == 'url':
        return {'type': 'image', 'source': {'type': 'url', 'url': img[1]}}
    return {'type': 'image', 'source': {'type': 'base64', 'media_type': img[1], 'data': img[2]}}


def build(rng, dialect, conv, model, o):
    """Return (path, body, extra_headers)."""
    system = conv.get('system')
    turns = conv['turns']
    tools = conv.get('tools') or []
    hdr = {}
    if dialect == 'chat':
        msgs = []
        if system:
            msgs.append({'role': o.get('sys_role', 'system'), 'content': system})
        for t in turns:
            if t['role'] == 'user':
                if t.get('images'):
                    msgs.append({'role': 'user', 'content': [{'type': 'text', 'text': t['text']}] + [_img_chat(i) for i in t['images']]})
                else:
                    msgs.append({'role': 'user', 'content': t['text']})
            elif t['role'] == 'assistant':
                m = {'role': 'assistant', 'content': t.get('text') or None}
                if t.get('calls'):
                    m['tool_calls'] = [{'id': _fmt_id(c['id'], 'chat'), 'type': 'function',
                                        'function': {'name': c['name'], 'arguments': json.dumps(c['args'])}} for c in t['calls']]
                msgs.append(m)
            else:
                for r in t['results']:
                    msgs.append({'role': 'tool', 'tool_call_id': _fmt_id(r['id'], 'chat'), 'content': r['output']})
        body = {'model': model, 'messages': msgs}
        if tools:
            body['tools'] = [{'type': 'function', 'function': {'name': n, 'description': TOOLS[n][0], 'parameters': TOOLS[n][1]}} for n in tools]
            if o.get('tool_choice'):
                body['tool_choice'] = o['tool_choice']
            if o.get('parallel_tool_calls') is not None:
                body['parallel_tool_calls'] = o['parallel_tool_calls']
        for k in ('temperature', 'top_p', 'seed', 'stop', 'user', 'presence_penalty', 'frequency_penalty'):
            if o.get(k) is not None:
                body[k] = o[k]
        if o.get('n', 1) != 1:
            body['n'] = o['n']
        if o.get('logprobs'):
            body['logprobs'] = True
            if o.get('top_logprobs') is not None:
                body['top_logprobs'] = o['top_logprobs']
        if o.get('effort'):
            body['reasoning_effort'] = o['effort']
        if o.get('max_out'):
            body[o.get('max_key', 'max_tokens')] = o['max_out']
        if o.get('response_format'):
            body['response_format'] = {'type': o['response_format']}
        if o.get('stream'):
            body['stream'] = True
            if o.get('stream_usage'):
                body['stream_options'] = {'include_usage': True}
        return '/v1/chat/completions', body, hdr

    if dialect == 'responses':
        simple = len(turns) == 1 and turns[0]['role'] == 'user' and not turns[0].get('images') and o.get('input_str', True)
        if simple:
            inp = turns[0]['text']
        else:
            inp = []
            for t in turns:
                if t['role'] == 'user':
                    if t.get('images'):
                        inp.append({'role': 'user', 'content': [{'type': 'input_text', 'text': t['text']}] + [_img_resp(i) for i in t['images']]})
                    elif o.get('typed_items'):
                        inp.append({'type': 'message', 'role': 'user', 'content': [{'type': 'input_text', 'text': t['text']}]})
                    else:
                        inp.append({'role': 'user', 'content': t['text']})
                elif t['role'] == 'assistant':
                    if t.get('text'):
                        if o.get('typed_items'):
                            inp.append({'type': 'message', 'role': 'assistant', 'content': [{'type': 'output_text', 'text': t['text']}]})
                        else:
                            inp.append({'role': 'assistant', 'content': t['text']})
                    for c in t.get('calls') or []:
                        inp.append({'type': 'function_call', 'call_id': _fmt_id(c['id'], 'responses'), 'name': c['name'], 'arguments': json.dumps(c['args'])})
                else:
                    for r in t['results']:
                        inp.append({'type': 'function_call_output', 'call_id': _fmt_id(r['id'], 'responses'), 'output': r['output']})
        body = {'model': model, 'input': inp}
        if system:
            body['instructions'] = system
        if tools:
            body['tools'] = [{'type': 'function', 'name': n, 'description': TOOLS[n][0], 'parameters': TOOLS[n][1]} for n in tools]
        if o.get('effort'):
            r = {'effort': o['effort']}
            if o.get('summary'):
                r['summary'] = o['summary']
            body['reasoning'] = r
        if o.get('include'):
            body['include'] = list(o['include'])
        if o.get('top_logprobs') is not None:
            body['top_logprobs'] = o['top_logprobs']
        for k in ('temperature', 'top_p', 'user', 'store', 'previous_response_id', 'truncation'):
            if o.get(k) is not None:
                body[k] = o[k]
        if o.get('max_out'):
            body['max_output_tokens'] = o['max_out']
        if o.get('response_format') == 'json_object':
            body['text'] = {'format': {'type': 'json_object'}}
        if o.get('stream'):
            body['stream'] = True
        return '/v1/responses', body, hdr

    if dialect == 'completions':
        parts = []
        if system:
            parts.append(system)
        for t in turns:
            if t['role'] == 'user':
                parts.append(t['text'] if o.get('raw_prompt') else ('Q: ' + t['text']) if o.get('qa') else t['text'])
            elif t['role'] == 'assistant' and t.get('text'):
                parts.append(t['text'])
        prompt = '\n\n'.join(parts)
        if o.get('prompt_suffix'):
            prompt += o['prompt_suffix']
        body = {'model': model, 'prompt': [prompt] if o.get('prompt_list') else prompt}
        if o.get('max_out'):
            body['max_tokens'] = o['max_out']
        for k in ('temperature', 'top_p', 'stop', 'suffix', 'echo', 'seed', 'user', 'best_of'):
            if o.get(k) is not None:
                body[k] = o[k]
        if o.get('n', 1) != 1:
            body['n'] = o['n']
        if o.get('logprobs_int') is not None:
            body['logprobs'] = o['logprobs_int']
        if o.get('stream'):
            body['stream'] = True
        return '/v1/completions', body, hdr

    # Anthropic Messages
    thinking = o.get('thinking')
    msgs = []

    def push(role, blocks):
        if msgs and msgs[-1]['role'] == role:
            prev = msgs[-1]['content']
            if isinstance(prev, str):
                prev = [{'type': 'text', 'text': prev}]
            msgs[-1]['content'] = prev + blocks
        else:
            msgs.append({'role': role, 'content': blocks})

    for t in turns:
        if t['role'] == 'user':
            if t.get('images'):
                push('user', [_img_msg(i) for i in t['images']] + [{'type': 'text', 'text': t['text']}])
            elif o.get('blocks'):
                push('user', [{'type': 'text', 'text': t['text']}])
            else:
                if msgs and msgs[-1]['role'] == 'user':
                    push('user', [{'type': 'text', 'text': t['text']}])
                else:
                    msgs.append({'role': 'user', 'content': t['text']})
        elif t['role'] == 'assistant':
            blocks = []
            if thinking and t.get('thinking'):
                blocks.append({'type': 'thinking', 'thinking': t['thinking'], 'signature': t.get('sig') or 'EqQB' + rid(rng, 86)})
            if t.get('text'):
                blocks.append({'type': 'text', 'text': t['text']})
            for c in t.get('calls') or []:
                blocks.append({'type': 'tool_use', 'id': _fmt_id(c['id'], 'messages'), 'name': c['name'], 'input': c['args']})
            if not t.get('calls') and not o.get('blocks') and len(blocks) == 1 and blocks[0]['type'] == 'text':
                msgs.append({'role': 'assistant', 'content': t['text']})
            else:
                push('assistant', blocks)
        else:
            push('user', [{'type': 'tool_result', 'tool_use_id': _fmt_id(r['id'], 'messages'), 'content': r['output']} for r in t['results']])
    body = {'model': model, 'max_tokens': o.get('max_out') or 4096}
    if system:
        if o.get('sys_blocks'):
            body['system'] = [{'type': 'text', 'text': system, 'cache_control': {'type': 'ephemeral'}}]
        else:
            body['system'] = system
    body['messages'] = msgs
    if tools:
        body['tools'] = [{'name': n, 'description': TOOLS[n][0], 'input_schema': TOOLS[n][1]} for n in tools]
        if o.get('tool_choice_auto'):
            body['tool_choice'] = {'type': 'auto'}
    if thinking:
        body['thinking'] = {'type': 'enabled', 'budget_tokens': thinking}
    else:
        for k in ('temperature', 'top_p', 'top_k'):
            if o.get(k) is not None:
                body[k] = o[k]
    if o.get('stop'):
        body['stop_sequences'] = o['stop'] if isinstance(o['stop'], list) else [o['stop']]
    if o.get('user'):
        body['metadata'] = {'user_id': o['user']}
    if o.get('stream'):
        body['stream'] = True
    hdr['anthropic-version'] = '2023-06-01'
    if o.get('anthropic_beta'):
        hdr['anthropic-beta'] = o['anthropic_beta']
    return '/v1/messages', body, hdr


IMG_TOK = 1100


def count_input_tokens(body):
    """Rough origin-side token count of a request body (chars/3.7 + structure + images)."""
    chars = 0
    nodes = 0
    images = 0
    stack = [body]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if x.get('type') in ('image_url', 'input_image', 'image'):
                images += 1
                continue
            nodes += 1
            for k, v in x.items():
                if k in ('model', 'signature', 'type', 'role', 'id', 'tool_call_id', 'tool_use_id', 'call_id'):
                    continue
                stack.append(v)
        elif isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, str):
            chars += len(x)
    return int(chars / 3.7) + 3 * nodes + IMG_TOK * images + 8
