#!/usr/bin/env python3
"""Basic syntax/consistency checker for the interface files in this folder.

Walks <root>/<pkg>/{msg,srv,action}/ and checks that:
  * every non-comment line is `type name [default]` or `type NAME=value`,
  * .srv files have exactly one `---` separator, .action files exactly two,
    .msg files none,
  * every nested type (`pkg/Type`, or bare `Type` from the same package)
    exists as <root>/<pkg>/msg/<Type>.msg,
  * names, array bounds, constants and default values are well formed.

Prints a per-package summary; exits 1 if any problem was found.
Usage: python3 check_interfaces.py [ROOT]   (ROOT defaults to this folder)
Stdlib only.
"""

import os
import re
import sys
from collections import OrderedDict

INT_RANGES = {
    'byte': (0, 255), 'char': (0, 255),
    'int8': (-2 ** 7, 2 ** 7 - 1), 'uint8': (0, 2 ** 8 - 1),
    'int16': (-2 ** 15, 2 ** 15 - 1), 'uint16': (0, 2 ** 16 - 1),
    'int32': (-2 ** 31, 2 ** 31 - 1), 'uint32': (0, 2 ** 32 - 1),
    'int64': (-2 ** 63, 2 ** 63 - 1), 'uint64': (0, 2 ** 64 - 1),
}
FLOAT_TYPES = {'float32', 'float64'}
STRING_TYPES = {'string', 'wstring'}
PRIMITIVES = set(INT_RANGES) | FLOAT_TYPES | STRING_TYPES | {'bool'}

SEPARATORS = {'.msg': 0, '.srv': 1, '.action': 2}
SUBDIR = {'.msg': 'msg', '.srv': 'srv', '.action': 'action'}

PKG_RE = re.compile(r'^[a-z][a-z0-9_]*$')
TYPE_NAME_RE = re.compile(r'^[A-Z][A-Za-z0-9]*$')
FIELD_NAME_RE = re.compile(r'^[a-z][a-z0-9_]*$')
CONST_NAME_RE = re.compile(r'^[A-Z][A-Z0-9_]*$')
# base type, optional string bound, optional array spec
TYPE_RE = re.compile(
    r'^(?P<base>(?:[a-z][a-z0-9_]*/)?[A-Za-z][A-Za-z0-9_]*)'
    r'(?:<=(?P<strbound>[0-9]+))?'
    r'(?P<array>\[(?P<arrspec><=)?(?P<arrsize>[0-9]*)\])?$')


def strip_comment(line):
    """Remove a trailing '# ...' comment that is not inside quotes."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == '\\':
                continue
            if ch == quote:
                quote = None
        elif ch in ('"', "'"):
            quote = ch
        elif ch == '#':
            return line[:i]
    return line


def parse_int(text):
    try:
        return int(text, 0) if re.match(r'^[+-]?0[xob]', text, re.I) else int(text)
    except ValueError:
        return None


def check_scalar(base, text):
    """Return an error string if `text` is not a valid literal for `base`."""
    text = text.strip()
    if base in INT_RANGES:
        val = parse_int(text)
        if val is None:
            return 'not an integer: %r' % text
        lo, hi = INT_RANGES[base]
        if not lo <= val <= hi:
            return 'value %d out of range for %s' % (val, base)
    elif base in FLOAT_TYPES:
        try:
            float(text)
        except ValueError:
            return 'not a float: %r' % text
    elif base == 'bool':
        if text.lower() not in ('true', 'false', '0', '1'):
            return 'not a bool: %r' % text
    elif base in STRING_TYPES:
        if not (len(text) >= 2 and text[0] == text[-1] and text[0] in '"\''):
            return 'string value must be quoted: %r' % text
    return None


def split_array_literal(text):
    text = text.strip()
    if not (text.startswith('[') and text.endswith(']')):
        return None
    inner = text[1:-1].strip()
    if not inner:
        return []
    items, cur, quote = [], '', None
    for ch in inner:
        if quote:
            cur += ch
            if ch == quote:
                quote = None
        elif ch in ('"', "'"):
            quote = ch
            cur += ch
        elif ch == ',':
            items.append(cur.strip())
            cur = ''
        else:
            cur += ch
    items.append(cur.strip())
    return items


class Checker:
    def __init__(self, root):
        self.root = root
        self.errors = []
        self.counts = OrderedDict()
        self.refs = []   # (file, lineno, pkg, typename)

    def err(self, path, lineno, msg):
        rel = os.path.relpath(path, self.root)
        self.errors.append('%s:%s: %s' % (rel, lineno, msg) if lineno else '%s: %s' % (rel, msg))

    def run(self):
        for pkg in sorted(os.listdir(self.root)):
            pdir = os.path.join(self.root, pkg)
            if not os.path.isdir(pdir) or pkg.startswith(('.', '_')):
                continue
            if not PKG_RE.match(pkg):
                self.err(pdir, None, 'bad package name')
            counts = self.counts.setdefault(pkg, OrderedDict(msg=0, srv=0, action=0))
            for sub in sorted(os.listdir(pdir)):
                sdir = os.path.join(pdir, sub)
                if not os.path.isdir(sdir):
                    continue
                if sub not in ('msg', 'srv', 'action'):
                    self.err(sdir, None, 'unexpected directory')
                    continue
                for fname in sorted(os.listdir(sdir)):
                    path = os.path.join(sdir, fname)
                    stem, ext = os.path.splitext(fname)
                    if ext not in SEPARATORS or SUBDIR[ext] != sub:
                        self.err(path, None, 'file does not belong in %s/' % sub)
                        continue
                    if not TYPE_NAME_RE.match(stem):
                        self.err(path, None, 'type name must be CamelCase')
                    counts[sub] += 1
                    self.check_file(pkg, path, ext)
        for path, lineno, pkg, name in self.refs:
            if not os.path.isfile(os.path.join(self.root, pkg, 'msg', name + '.msg')):
                self.err(path, lineno, 'unknown nested type %s/%s' % (pkg, name))
        return not self.errors

    def check_file(self, pkg, path, ext):
        with open(path, encoding='utf-8') as fh:
            lines = fh.read().split('\n')
        seps = 0
        names = set()
        for lineno, raw in enumerate(lines, 1):
            if raw.strip() == '---':
                seps += 1
                names = set()
                continue
            line = strip_comment(raw).strip()
            if not line:
                continue
            self.check_line(pkg, path, lineno, line, names)
        want = SEPARATORS[ext]
        if seps != want:
            self.err(path, None, 'expected %d "---" separator(s), found %d' % (want, seps))

    def check_line(self, pkg, path, lineno, line, names):
        m = re.match(r'^(\S+)\s+(.*)$', line)
        if not m:
            self.err(path, lineno, 'expected "type name": %r' % line)
            return
        typ, rest = m.group(1), m.group(2).strip()
        tm = TYPE_RE.match(typ)
        if not tm:
            self.err(path, lineno, 'malformed type %r' % typ)
            return
        base = tm.group('base')
        is_array = tm.group('array') is not None
        if tm.group('strbound') is not None:
            if base not in STRING_TYPES:
                self.err(path, lineno, 'only strings can have a <=N bound: %r' % typ)
            elif int(tm.group('strbound')) == 0:
                self.err(path, lineno, 'string bound must be > 0')
        if is_array:
            spec, size = tm.group('arrspec'), tm.group('arrsize')
            if spec and not size:
                self.err(path, lineno, 'bounded sequence needs a size: %r' % typ)
            if size and int(size) == 0:
                self.err(path, lineno, 'array size must be > 0: %r' % typ)

        if base not in PRIMITIVES:
            if '/' in base:
                rpkg, rname = base.split('/', 1)
            else:
                rpkg, rname = pkg, base
            if not TYPE_NAME_RE.match(rname):
                self.err(path, lineno, 'bad nested type name %r' % base)
            elif rpkg == pkg and rname == 'Header' and pkg != 'std_msgs':
                self.err(path, lineno, 'use std_msgs/Header, not bare Header')
            else:
                self.refs.append((path, lineno, rpkg, rname))

        # constant:  TYPE NAME=VALUE
        cm = re.match(r'^([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.*)$', rest)
        if cm:
            cname, value = cm.group(1), cm.group(2).strip()
            if not CONST_NAME_RE.match(cname):
                self.err(path, lineno, 'constant name must be UPPER_CASE: %r' % cname)
            if base not in PRIMITIVES or is_array:
                self.err(path, lineno, 'constants must be of a primitive non-array type')
            elif value == '':
                self.err(path, lineno, 'constant %s has no value' % cname)
            else:
                e = check_scalar(base, value)
                if e:
                    self.err(path, lineno, 'constant %s: %s' % (cname, e))
            if cname in names:
                self.err(path, lineno, 'duplicate name %s' % cname)
            names.add(cname)
            return

        # field:  type name [default]
        fm = re.match(r'^(\S+)(?:\s+(.+))?$', rest)
        fname, default = fm.group(1), fm.group(2)
        if not FIELD_NAME_RE.match(fname) or '__' in fname or fname.endswith('_'):
            self.err(path, lineno, 'bad field name %r' % fname)
        if fname in names:
            self.err(path, lineno, 'duplicate name %s' % fname)
        names.add(fname)
        if default is not None:
            if base not in PRIMITIVES:
                self.err(path, lineno, 'default values only allowed for primitive types')
            elif is_array:
                items = split_array_literal(default)
                if items is None:
                    self.err(path, lineno, 'array default must be [..]: %r' % default)
                else:
                    for it in items:
                        e = check_scalar(base, it)
                        if e:
                            self.err(path, lineno, 'default of %s: %s' % (fname, e))
            else:
                e = check_scalar(base, default)
                if e:
                    self.err(path, lineno, 'default of %s: %s' % (fname, e))


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    checker = Checker(root)
    ok = checker.run()
    tot = OrderedDict(msg=0, srv=0, action=0)
    width = max([len(p) for p in checker.counts] + [7])
    print('%-*s %5s %5s %6s %5s' % (width, 'package', 'msg', 'srv', 'action', 'total'))
    for pkg, c in checker.counts.items():
        for k in tot:
            tot[k] += c[k]
        print('%-*s %5d %5d %6d %5d' % (width, pkg, c['msg'], c['srv'], c['action'], sum(c.values())))
    print('%-*s %5d %5d %6d %5d' % (width, 'TOTAL', tot['msg'], tot['srv'], tot['action'], sum(tot.values())))
    print('%d package(s), %d file(s), %d problem(s)'
          % (len(checker.counts), sum(tot.values()), len(checker.errors)))
    for e in checker.errors:
        print('ERROR ' + e)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
