"""Source analysis: which functions read module-level variables (the deck's global state). (Imported through ``gradecheck``.)"""

import ast
import builtins
import inspect
import re
import symtable
import textwrap
import types

import numpy as np



# ---------------------------------------------------------------------------
# Global variables
# ---------------------------------------------------------------------------

_CONSTANT_TYPES = (int, float, complex, str, bytes, bool, type(None), frozenset)


def _is_constant_value(value):
    if isinstance(value, tuple):
        return all(_is_constant_value(v) for v in value)
    return isinstance(value, _CONSTANT_TYPES) and not isinstance(value, np.ndarray)


def _is_table_value(value, depth=0):
    """A container of constants, functions, classes and modules (an UPPER_CASE name holding a non-empty dict or
    tuple of them is a lookup table; a list or an empty dict is state)."""
    if depth > 3:
        return False
    if isinstance(value, dict):
        return all(_is_table_value(k, depth + 1) and _is_table_value(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_is_table_value(v, depth + 1) for v in value)
    return _is_allowed_value(value)


def _is_allowed_value(value):
    """Modules, functions, classes and immutable constants may be read from module level."""
    return (
        isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type))
        or callable(value) and not isinstance(value, (np.ndarray, list, dict, set))
        or _is_constant_value(value)
    )


def _constant_expression(node, constants):
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Tuple):
        return all(_constant_expression(e, constants) for e in node.elts)
    if isinstance(node, ast.UnaryOp):
        return _constant_expression(node.operand, constants)
    if isinstance(node, ast.BinOp):
        return _constant_expression(node.left, constants) and _constant_expression(node.right, constants)
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "frozenset":
        return all(isinstance(a, (ast.Set, ast.List, ast.Tuple)) and all(_constant_expression(e, constants) for e in a.elts)
                   for a in node.args)
    return False


_MUTATORS = {"append", "extend", "insert", "update", "pop", "popitem", "clear", "setdefault", "add", "remove",
             "discard", "sort", "reverse", "fill", "resize", "put", "itemset", "__setitem__"}


def _root_name(node):
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _mutated_names(tree):
    """Names whose object some code changes: x[...] = / del x[...] / x += / x.attr = / x.append(...) and the like."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(_root_name(node))
        elif isinstance(node, ast.AugAssign):
            names.add(_root_name(node.target))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS:
            names.add(_root_name(node.func.value))
    names.discard(None)
    return names


def _table_expression(node, usable):
    """A literal dict/list/set/tuple of constants and references to usable names (functions, modules ...)."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_table_expression(e, usable) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _table_expression(k, usable) for k in node.keys) and \
            all(_table_expression(v, usable) for v in node.values)
    if isinstance(node, (ast.Name, ast.Attribute)):
        return _root_name(node) in usable
    return _constant_expression(node, usable)


def _is_constant_name(name):
    letters = name.strip("_")
    return bool(letters) and letters.upper() == letters and any(c.isalpha() for c in letters)


def _module_bindings(tree):
    """{name: (kind, line)} of names bound at module level: import, def, class, constant, variable."""
    bindings = {}
    counts = {}
    constants = set()

    def bind(name, kind, line):
        if kind == "constant" and not _is_constant_name(name):
            kind = "variable"  # a lowercase name is a variable, even bound to a literal (PEP 8: constants are UPPER_CASE)
        if kind == "constant" and _names_a_setting(name):
            kind = "setting"  # M = 35, LEARNING_RATE = 0.01: renamed, still the data's size or a hyperparameter
        counts[name] = counts.get(name, 0) + 1
        if counts[name] > 1 and kind == "constant":
            kind = "variable"
        previous = bindings.get(name)
        if previous and previous[0] == "constant" and kind == "constant":
            kind = "variable"  # reassigned: not a constant
        bindings[name] = (kind, line)

    def targets(node):
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                yield sub.id

    def visit(statements):
        for node in statements:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                bind(node.name, "function", node.lineno)
            elif isinstance(node, ast.ClassDef):
                bind(node.name, "class", node.lineno)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    name = alias.asname or alias.name.split(".")[0]
                    if name != "*":
                        bind(name, "import", node.lineno)
            elif isinstance(node, ast.Assign):
                simple = all(isinstance(t, ast.Name) for t in node.targets)
                usable = constants | {n for n, (k, _) in bindings.items() if k in ("function", "class", "import")}
                is_table = isinstance(node.value, (ast.Dict, ast.Tuple)) and (
                    node.value.keys if isinstance(node.value, ast.Dict) else node.value.elts)
                is_const = simple and (_constant_expression(node.value, constants) or (
                    is_table and all(_is_constant_name(t.id) for t in node.targets) and _table_expression(node.value, usable)))
                for target in node.targets:
                    for name in targets(target):
                        bind(name, "constant" if is_const else "variable", node.lineno)
                        if is_const and bindings[name][0] == "constant":
                            constants.add(name)
                        else:
                            constants.discard(name)
            elif isinstance(node, ast.AnnAssign):
                is_const = node.value is not None and _constant_expression(node.value, constants)
                for name in targets(node.target):
                    bind(name, "constant" if is_const else "variable", node.lineno)
                    (constants.add if is_const and bindings[name][0] == "constant" else constants.discard)(name)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                for name in targets(node.target):
                    bind(name, "variable", node.lineno)
                    constants.discard(name)
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        for name in targets(item.optional_vars):
                            bind(name, "variable", node.lineno)
                            constants.discard(name)
                visit(node.body)
            elif isinstance(node, (ast.If, ast.While)):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
                visit(node.body)
                for handler in node.handlers:
                    if handler.name:
                        bind(handler.name, "variable", handler.lineno)
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)
            else:
                for name in targets(node):
                    bind(name, "variable", node.lineno)
                    constants.discard(name)
    visit(tree.body)
    # an UPPER_CASE table is a constant only if no code ever changes it
    for name in _mutated_names(tree):
        if name in bindings and bindings[name][0] == "constant":
            bindings[name] = ("variable", bindings[name][1])
    return bindings


#: UPPER_CASE names of the lecture's globals (M, ALPHA, N1, LEARNING_RATE, NUM_ITERATIONS ...): a data size or a
#: hyperparameter, which an UPPER_CASE name does not make a constant of the algorithm (EPSILON is one).
_SETTING_NAME = re.compile(
    r"(M|M_?(TRAIN|TEST|EXAMPLES|SAMPLES)|N_?(EXAMPLES|SAMPLES)|NUM_?(EXAMPLES|SAMPLES)|N_?\d+|N_?[XHY]|L|N_?L|"
    r"NUM_?LAYERS|N_?LAYERS|LAYER_?(DIMS|SIZES)|HIDDEN_?(SIZE|UNITS|DIM)|N_?HIDDEN|ALPHA|LR|LEARNING_?RATE|"
    r"(NUM_?|N_?)?ITER(ATION)?S?|(NUM_?|N_?)?EPOCHS|BATCH_?SIZE|LAMBDA?)")


def _names_a_setting(name):
    return bool(_SETTING_NAME.fullmatch(name.strip("_").upper()))


_M_NAMES = {"m", "m_train", "m_examples", "n_examples", "num_examples", "n_samples", "num_samples"}
_LIKE = {"learning_rate": {"alpha", "lr", "learning_rate"}, "num_iterations": {"num_iterations", "iterations", "n_iter",
         "num_iters", "n_iterations", "epochs", "num_epochs"}, "layer_dims": {"layer_dims", "dims", "layer_sizes"}}


def _from_arguments(name, params):
    """How ``name``'s value follows from a function's own parameters ``params`` (a clause)."""
    low = name.lower()
    if low in _M_NAMES:
        array = next((p for p in ("Y", "X", "AL", "A_prev") if p in params), None)
        if array is None and "cache" in params:
            return "m is the number of columns (examples) of its input: m = A_prev.shape[1], with A_prev from `cache`"
        array = array or next((p for p in ("dA", "Z", "A") if p in params), None)
        if array is not None:
            return f"m is the number of columns (examples) of its own input: m = {array}.shape[1]"
        return "m is the number of columns (examples) of the data it is given: compute it inside from that array"
    own = next((p for p, alike in _LIKE.items() if low in alike and p in params), low if low in params else None)
    if own is not None:
        return f"use its own parameter `{own}`"
    if re.fullmatch(r"n_?(\d+|[xhy]|l)|l|num_layers|n_layers|n_hidden|hidden_(size|units|dim)", low):
        return "take the layer sizes from its arguments (a W[l] has shape (n[l], n[l-1]); L is len(parameters) // 2)"
    return "compute the value inside from its arguments"


def _pass_it_in(owner, name, params=None, fixed=()):
    """What to do about ``owner`` reading the module-level ``name``; ``params`` its parameters, ``fixed`` the
    functions whose signature the homework fixes (the API)."""
    path = owner.split(".")
    function = path[-1]
    constant = ("; an UPPER_CASE name is only for a true constant of the algorithm (the clipping eps of the cost, say), "
                "never for a data size or a hyperparameter")
    if len(path) == 1 and function in fixed and params is not None:
        return (f"the parameters of `{function}` are fixed (def {function}({', '.join(params)}), as in the starter: "
                f"the tests call it that way), so do not add one: {_from_arguments(name, params)}{constant}")
    inside = _from_arguments(name, params or ())
    return (f"add a parameter `{name}` to `{function}` (def {function}(..., {name})) and pass the value in where you "
            f"call it{'' if inside.startswith('compute the value') else ' (or ' + inside + ')'}{constant}")


def _enclosing_function_name(table_path):
    return ".".join(t.get_name() for t in table_path if t.get_type() in ("function", "class"))


def global_reads(source=None, functions=None, filename="<submission>", kinds=("statement", "read"), ignore=(), fixed=()):
    """Problems with module-level state, as a list of plain sentences (empty when all is well).

    ``kinds`` selects which problems to report: "statement" (``global``/``nonlocal``/
    ``globals()``) and/or "read" (a function reading a module-level variable). Names in
    ``ignore`` are not reported when they are simply undefined (a missing function of the
    API costs marks in its own tests, not here). Functions named in ``fixed`` keep the
    starter's signature: the advice is to compute the value inside, not to add a parameter.
    An UPPER_CASE name of the lecture's globals (M, ALPHA, N1, LEARNING_RATE ...) is read as a
    variable: renaming m = 35 to M = 35 does not make the data's size a constant.

    With ``source`` (the module's text): every ``global``/``nonlocal`` statement, and every
    function that reads a module-level name bound to anything but an import, a function,
    a class or a constant (an immutable literal assigned once).
    With ``functions`` ({name: function}) instead: the same, from each function's own
    source and the values its names have in the function's globals.
    """
    problems = []
    if source is not None:
        tree = ast.parse(source, filename)
        if "statement" in kinds:
            _statement_problems(tree, problems, offset=0)
        if "read" in kinds:
            bindings = _module_bindings(tree)
            top = symtable.symtable(source, filename, "exec")
            _walk_reads(top, [], bindings, problems, lookup=None, ignore=frozenset(ignore), fixed=frozenset(fixed))
        return problems
    parsed = []
    for name, func in (functions or {}).items():
        func = inspect.unwrap(func)
        if not isinstance(func, types.FunctionType):
            continue
        try:
            text = textwrap.dedent(inspect.getsource(func))
            first_line = func.__code__.co_firstlineno - 1
        except (OSError, TypeError):
            problems.append(f"could not read the source of `{name}` to check it for global variables")
            continue
        parsed.append((name, func, text, ast.parse(text), first_line))
    # a table any of the functions changes is state, not a constant
    mutated = set().union(*(_mutated_names(tree) for _, _, _, tree, _ in parsed)) if parsed else set()
    for name, func, text, tree, first_line in parsed:
        if "statement" in kinds:
            _statement_problems(tree, problems, offset=first_line)
        if "read" in kinds:
            table = symtable.symtable(text, f"<{name}>", "exec")
            _walk_reads(table, [], None, problems, lookup=func.__globals__, offset=first_line, mutated=mutated,
                        ignore=frozenset(ignore), fixed=frozenset(fixed))
    return sorted(set(problems), key=problems.index)


def _statement_problems(tree, problems, offset):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            keyword = "global" if isinstance(node, ast.Global) else "nonlocal"
            problems.append(f"line {node.lineno + offset}: `{keyword} {', '.join(node.names)}` — do not use {keyword} "
                            f"statements: pass values in as parameters and return results")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "globals":
            problems.append(f"line {node.lineno + offset}: globals() — do not reach module-level variables through globals()")


def _walk_reads(table, path, bindings, problems, lookup, offset=0, mutated=frozenset(), ignore=frozenset(),
                fixed=frozenset()):
    for child in table.get_children():
        child_path = path + [child]
        if child.get_type() == "function":
            owner = _enclosing_function_name(child_path)
            params = child.get_parameters()
            for symbol in child.get_symbols():
                if not symbol.is_referenced():
                    continue
                if not (symbol.is_global() or symbol.is_declared_global()):
                    continue
                name = symbol.get_name()
                line = child.get_lineno() + offset
                if bindings is not None:
                    kind, where = bindings.get(name, (None, None))
                    if kind is None:
                        if hasattr(builtins, name) or name in ignore:
                            continue
                        problems.append(f"`{owner}` (line {line}) uses `{name}`, which the module never defines: "
                                        f"pass the value in as a parameter (or define the function)")
                    elif kind == "variable":
                        problems.append(f"`{owner}` (line {line}) reads the module-level variable `{name}` (set on line "
                                        f"{where}): {_pass_it_in(owner, name, params, fixed)}")
                    elif kind == "setting":
                        problems.append(f"`{owner}` (line {line}) reads the module-level `{name}` (set on line {where}), "
                                        f"a data size or hyperparameter even in UPPER_CASE: "
                                        f"{_pass_it_in(owner, name, params, fixed)}")
                else:
                    if name in lookup:
                        value = lookup[name]
                        table_ok = (_is_constant_name(name) and isinstance(value, (dict, tuple)) and len(value) > 0
                                    and _is_table_value(value) and name not in mutated)
                        named_constant = _is_constant_name(name) or (name.startswith("__") and name.endswith("__"))
                        allowed = _is_allowed_value(value) and (named_constant or not _is_constant_value(value))
                        setting = (_is_constant_name(name) and _names_a_setting(name) and _is_constant_value(value)
                                   and not isinstance(value, str))
                        if setting or not (allowed or table_ok):
                            kind = "a data size or hyperparameter even in UPPER_CASE" if setting else type(value).__name__
                            problems.append(f"`{owner}` reads the global variable `{name}` "
                                            f"({kind}): {_pass_it_in(owner, name, params, fixed)}")
                    elif not hasattr(builtins, name) and name not in ignore:
                        problems.append(f"`{owner}` uses `{name}`, which is not defined: pass the value in as a "
                                        f"parameter (or define the function)")
        _walk_reads(child, child_path, bindings, problems, lookup, offset, mutated, ignore, fixed)
