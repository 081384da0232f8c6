"""`defer` and `recover()`: the lowering's part (`Lowerer` mixes `DeferLowering` in).

`defer CALL` evaluates CALL's arguments where it stands, as Go does ("the
function value and parameters to the call are evaluated as usual and saved
anew but the actual function is not invoked"): each argument that is not a
constant, a function literal or a sync object / channel reference goes into a
temporary (`$d<n>`). What runs later is CALL with those temporaries, inlined
as an `ir.Inline` inside an `ir.Defer`; the engines run it when the
enclosing function (goroutine body, helper, function literal, once.Do's f)
returns or panics, last deferred first (litmus/paths.py `run_defers`,
litmus/reference/interp.py `run_defers`).

`recover()` stops a panic only when "called directly by a deferred function":
the lowering marks each `ir.Recover` with `direct`, true in the body of the
function a defer statement names (a literal or a helper), false anywhere
else (in a helper that function calls, in the defer's own arguments, in
`defer recover()` itself).
"""

from __future__ import annotations

from dataclasses import replace

from litmus import program as ir
from litmus.errors import LitmusError
from litmus.program import VarKind
from litmus.syntax import ast


class DeferLowering:
    def defer_stmt(self, s: ast.Defer, scope, g) -> list[ir.Stmt]:
        from litmus.lower import Scope, error

        call = s.call
        inner = Scope(parent=scope)
        pre: list[ir.Stmt] = []
        if isinstance(call, ast.GoLit):
            args = [self.deferred_arg(a, inner, g, pre) for a in call.args]
            body = self.deferred_literal(call.func, args, inner, g, s.span)
        elif isinstance(call, ast.Call) and call.func == "recover":
            body = [ir.Eval(ir.Recover(False, span=call.span), call.span)]  # not called by a deferred function
        elif isinstance(call, (ast.Call, ast.MethodCall)):
            call = replace(call, args=tuple(self.deferred_arg(a, inner, g, pre) for a in call.args))
            saved, g.deferred_call = g.deferred_call, True  # a helper's body is the deferred function
            try:
                body = self.expr_stmt(call, inner, g)
            finally:
                g.deferred_call = saved
        else:
            raise error("defer needs a function call", s.span, "write defer f(), defer mu.Unlock() or "
                        "defer func() { ... }()", "defer")
        return pre + [ir.Defer((ir.Inline(tuple(body), s.span),), s.span)]

    def deferred_arg(self, a: ast.Expr, scope, g, pre: list[ir.Stmt]) -> ast.Expr:
        """The argument as the deferred call will see it: evaluated now."""
        if isinstance(a, ast.FuncLit) or (isinstance(a, ast.Name) and a.id in self.shared
                                          and self.shared[a.id].kind is not VarKind.PLAIN):
            return a  # a function, or a sync object or channel: nothing to evaluate
        try:
            value = self.expr(a, scope, g)
        except LitmusError:
            return a  # not a value (a sync object's address, a channel): the call reports what is wrong
        if isinstance(value, ir.Const):
            return a
        name = ast.Name(f"$d{len(g.locals)}", a.span)
        tmp = self.new_local(name, self.value_type(value, a.span), scope, g)
        pre.append(ir.SetLocals((tmp,), (value,), a.span))
        return name

    def deferred_literal(self, lit: ast.FuncLit, args: list[ast.Expr], scope, g, span) -> list[ir.Stmt]:
        """`defer func(params) { body }(args)`: the body, its parameters bound to the saved arguments."""
        from litmus.lower import Scope, error

        if len(args) != len(lit.params):
            raise error(f"the function takes {len(lit.params)} arguments, got {len(args)}", span,
                        "pass one argument per parameter", "call")
        inner = Scope(parent=scope)
        stmts: list[ir.Stmt] = []
        bound = []
        for p, a in zip(lit.params, args):
            typ = self.type_name(p.type)
            value = self.assignable(self.expr(a, scope, g), typ, a.span)
            bound.append((self.new_local(ast.Name(p.name, p.span), typ, inner, g), value))
        if bound:
            stmts.append(ir.SetLocals(tuple(p for p, _ in bound), tuple(v for _, v in bound), span))
        saved = (g.defer_direct, g.loop_depth, g.for_depth)
        g.defer_direct, g.loop_depth, g.for_depth = True, 0, 0  # break and continue cannot leave it
        try:
            stmts.extend(self.block(lit.body.stmts, Scope(parent=inner), g))
        finally:
            g.defer_direct, g.loop_depth, g.for_depth = saved
        return stmts

    def recover_expr(self, e: ast.Call, g) -> ir.Expr:
        from litmus.lower import error

        if e.args:
            raise error("recover takes no arguments", e.span, "write recover()", "call")
        return ir.Recover(bool(g is not None and g.defer_direct), span=e.span)
