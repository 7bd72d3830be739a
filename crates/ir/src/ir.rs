//! The IR container: a module of functions, each owning one block of operations in SSA form.
//!
//! Each function owns its own arenas, so functions can be transformed in parallel.
//! Operations and values live in tombstoned arenas: erasing an op never moves or
//! invalidates any other handle. Ops of the block form a doubly linked list, so
//! inserting and erasing are O(1). Every value keeps its list of uses.

use crate::attributes::{Attribute, NamedAttr};
use crate::diagnostics::Location;
use crate::registry::{self, OpDef};
use crate::types::{FunctionType, Type};
use smallvec::SmallVec;
use std::sync::Arc;

/// Handle of an operation inside one function body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpId(pub u32);

/// Handle of an SSA value inside one function body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueId(pub u32);

const NONE: u32 = u32::MAX;

/// What kind of operation this is: a registered definition or an unregistered name.
#[derive(Clone, Debug)]
pub enum OpKind {
    /// A registered op with its definition.
    Registered(&'static OpDef),
    /// An op of an unregistered dialect (allowed with `--allow-unregistered-dialect`).
    Unregistered(Arc<str>),
}

impl OpKind {
    /// Looks a name up in the registry; unknown names become `Unregistered`.
    pub fn from_name(name: &str) -> OpKind {
        match registry::lookup(name) {
            Some(def) => OpKind::Registered(def),
            None => OpKind::Unregistered(name.into()),
        }
    }

    /// The full op name, `dialect.op`.
    pub fn name(&self) -> &str {
        match self {
            OpKind::Registered(d) => d.name,
            OpKind::Unregistered(n) => n,
        }
    }

    /// The definition, for registered ops.
    pub fn def(&self) -> Option<&'static OpDef> {
        match self {
            OpKind::Registered(d) => Some(d),
            OpKind::Unregistered(_) => None,
        }
    }

    /// True if this is exactly the op defined by `def`.
    pub fn is(&self, def: &'static OpDef) -> bool {
        matches!(self, OpKind::Registered(d) if std::ptr::eq(*d, def))
    }
}

/// One operation.
#[derive(Clone, Debug)]
pub struct OpData {
    /// Its kind.
    pub kind: OpKind,
    operands: SmallVec<[ValueId; 4]>,
    /// For each operand, its position in that value's use list (O(1) use removal).
    use_pos: SmallVec<[u32; 4]>,
    first_result: u32,
    num_results: u32,
    /// Attributes, in the order they were written.
    pub attrs: Vec<NamedAttr>,
    /// Source location.
    pub loc: Location,
    prev: u32,
    next: u32,
    alive: bool,
    linked: bool,
}

impl OpData {
    /// Operand values in order.
    pub fn operands(&self) -> &[ValueId] {
        &self.operands
    }

    /// Result values in order.
    pub fn results(&self) -> impl ExactSizeIterator<Item = ValueId> + '_ {
        (self.first_result..self.first_result + self.num_results).map(ValueId)
    }

    /// Number of results.
    pub fn num_results(&self) -> usize {
        self.num_results as usize
    }

    /// Result `i`.
    pub fn result(&self, i: usize) -> ValueId {
        assert!(i < self.num_results as usize, "result index out of range");
        ValueId(self.first_result + i as u32)
    }

    /// The attribute named `name`.
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attrs
            .iter()
            .find(|a| &*a.name == name)
            .map(|a| &a.value)
    }

    /// The op's name.
    pub fn name(&self) -> &str {
        self.kind.name()
    }

    /// The op's definition, if registered.
    pub fn def(&self) -> Option<&'static OpDef> {
        self.kind.def()
    }

    /// True if the op has trait `t` (see `registry::traits`).
    pub fn has_trait(&self, t: u32) -> bool {
        self.def().is_some_and(|d| d.traits & t != 0)
    }
}

/// Who defines a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueDef {
    /// Block (function) argument number `n`.
    Arg(u32),
    /// Result `n` of an op.
    Result(OpId, u32),
}

/// One use of a value: operand `index` of `op`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Use {
    /// The using op.
    pub op: OpId,
    /// Operand position.
    pub index: u32,
}

/// One SSA value.
#[derive(Clone, Debug)]
pub struct ValueData {
    /// Its type.
    pub ty: Type,
    /// Its definition.
    pub def: ValueDef,
    uses: SmallVec<[Use; 2]>,
}

impl ValueData {
    /// The uses of this value.
    pub fn uses(&self) -> &[Use] {
        &self.uses
    }
}

/// The single block of a function: arguments and an ordered list of ops.
#[derive(Clone, Debug, Default)]
pub struct Body {
    ops: Vec<OpData>,
    values: Vec<ValueData>,
    args: Vec<ValueId>,
    first: u32,
    last: u32,
    live: usize,
}

/// What to create: the description of a new operation.
#[derive(Clone, Debug)]
pub struct OpSpec {
    /// Kind.
    pub kind: OpKind,
    /// Operands.
    pub operands: Vec<ValueId>,
    /// Result types.
    pub result_types: Vec<Type>,
    /// Attributes.
    pub attrs: Vec<NamedAttr>,
    /// Location.
    pub loc: Location,
}

impl OpSpec {
    /// A spec for a registered op.
    pub fn new(def: &'static OpDef, loc: Location) -> OpSpec {
        OpSpec {
            kind: OpKind::Registered(def),
            operands: vec![],
            result_types: vec![],
            attrs: vec![],
            loc,
        }
    }

    /// Sets the operands.
    pub fn operands(mut self, v: &[ValueId]) -> OpSpec {
        self.operands = v.to_vec();
        self
    }

    /// Sets the result types.
    pub fn results(mut self, t: &[Type]) -> OpSpec {
        self.result_types = t.to_vec();
        self
    }

    /// Adds an attribute.
    pub fn attr(mut self, name: &str, value: Attribute) -> OpSpec {
        self.attrs.push(NamedAttr {
            name: name.into(),
            value,
        });
        self
    }
}

impl Body {
    /// An empty body with arguments of the given types.
    pub fn with_args(types: &[Type]) -> Body {
        let mut b = Body {
            first: NONE,
            last: NONE,
            ..Body::default()
        };
        for (i, t) in types.iter().enumerate() {
            let v = b.new_value(t.clone(), ValueDef::Arg(i as u32));
            b.args.push(v);
        }
        b
    }

    /// Reserves room for about `ops` more operations (used by the parser).
    pub fn reserve(&mut self, ops: usize) {
        self.ops.reserve(ops);
        self.values.reserve(ops);
    }

    fn new_value(&mut self, ty: Type, def: ValueDef) -> ValueId {
        let id = ValueId(self.values.len() as u32);
        self.values.push(ValueData {
            ty,
            def,
            uses: SmallVec::new(),
        });
        id
    }

    /// The block arguments (function parameters).
    pub fn args(&self) -> &[ValueId] {
        &self.args
    }

    /// The op behind a handle (erased ops stay readable).
    pub fn op(&self, id: OpId) -> &OpData {
        &self.ops[id.0 as usize]
    }

    /// Mutable access to an op's attributes and location.
    pub fn op_mut(&mut self, id: OpId) -> &mut OpData {
        &mut self.ops[id.0 as usize]
    }

    /// The value behind a handle.
    pub fn value(&self, id: ValueId) -> &ValueData {
        &self.values[id.0 as usize]
    }

    /// A value's type.
    pub fn ty(&self, id: ValueId) -> &Type {
        &self.values[id.0 as usize].ty
    }

    /// Changes a value's type (passes that retype results use this; verify afterwards).
    pub fn set_type(&mut self, id: ValueId, ty: Type) {
        self.values[id.0 as usize].ty = ty;
    }

    /// The op defining a value, or `None` for block arguments.
    pub fn defining_op(&self, v: ValueId) -> Option<OpId> {
        match self.value(v).def {
            ValueDef::Result(op, _) => Some(op),
            ValueDef::Arg(_) => None,
        }
    }

    /// True if the op has not been erased.
    pub fn is_alive(&self, id: OpId) -> bool {
        self.ops.get(id.0 as usize).is_some_and(|o| o.alive)
    }

    /// Number of live ops in the block.
    pub fn len(&self) -> usize {
        self.live
    }

    /// True if the block holds no op.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// The first op, if any.
    pub fn first_op(&self) -> Option<OpId> {
        (self.first != NONE).then_some(OpId(self.first))
    }

    /// The last op (normally the terminator), if any.
    pub fn last_op(&self) -> Option<OpId> {
        (self.last != NONE).then_some(OpId(self.last))
    }

    /// The op after `id` in the block.
    pub fn next_op(&self, id: OpId) -> Option<OpId> {
        let n = self.op(id).next;
        (n != NONE).then_some(OpId(n))
    }

    /// The op before `id` in the block.
    pub fn prev_op(&self, id: OpId) -> Option<OpId> {
        let p = self.op(id).prev;
        (p != NONE).then_some(OpId(p))
    }

    /// Ops in block order. Collect first if the walk mutates the body.
    pub fn ops(&self) -> OpIter<'_> {
        OpIter {
            body: self,
            cur: self.first,
        }
    }

    /// Creates an op that is not yet in the block; insert it with `insert_*` or `append`.
    pub fn create(&mut self, spec: OpSpec) -> OpId {
        let id = OpId(self.ops.len() as u32);
        let first_result = self.values.len() as u32;
        let num_results = spec.result_types.len() as u32;
        for (i, t) in spec.result_types.into_iter().enumerate() {
            self.new_value(t, ValueDef::Result(id, i as u32));
        }
        let mut use_pos = SmallVec::with_capacity(spec.operands.len());
        for (i, &v) in spec.operands.iter().enumerate() {
            let uses = &mut self.values[v.0 as usize].uses;
            use_pos.push(uses.len() as u32);
            uses.push(Use {
                op: id,
                index: i as u32,
            });
        }
        self.ops.push(OpData {
            kind: spec.kind,
            operands: SmallVec::from_vec(spec.operands),
            use_pos,
            first_result,
            num_results,
            attrs: spec.attrs,
            loc: spec.loc,
            prev: NONE,
            next: NONE,
            alive: true,
            linked: false,
        });
        id
    }

    /// Creates an op and appends it at the end of the block.
    pub fn append(&mut self, spec: OpSpec) -> OpId {
        let id = self.create(spec);
        self.link(id, self.last, NONE);
        id
    }

    /// Creates an op and inserts it right before `anchor`.
    pub fn insert_before(&mut self, anchor: OpId, spec: OpSpec) -> OpId {
        let id = self.create(spec);
        let prev = self.op(anchor).prev;
        self.link(id, prev, anchor.0);
        id
    }

    /// Creates an op and inserts it right after `anchor`.
    pub fn insert_after(&mut self, anchor: OpId, spec: OpSpec) -> OpId {
        let id = self.create(spec);
        let next = self.op(anchor).next;
        self.link(id, anchor.0, next);
        id
    }

    /// Moves an existing op so it stands right before `anchor`.
    pub fn move_before(&mut self, id: OpId, anchor: OpId) {
        self.unlink(id);
        let prev = self.op(anchor).prev;
        self.link(id, prev, anchor.0);
    }

    fn link(&mut self, id: OpId, prev: u32, next: u32) {
        {
            let o = &mut self.ops[id.0 as usize];
            debug_assert!(!o.linked, "op already in the block");
            o.prev = prev;
            o.next = next;
            o.linked = true;
        }
        match prev {
            NONE => self.first = id.0,
            p => self.ops[p as usize].next = id.0,
        }
        match next {
            NONE => self.last = id.0,
            n => self.ops[n as usize].prev = id.0,
        }
        self.live += 1;
    }

    fn unlink(&mut self, id: OpId) {
        let (prev, next) = {
            let o = &mut self.ops[id.0 as usize];
            if !o.linked {
                return;
            }
            o.linked = false;
            (
                std::mem::replace(&mut o.prev, NONE),
                std::mem::replace(&mut o.next, NONE),
            )
        };
        match prev {
            NONE => self.first = next,
            p => self.ops[p as usize].next = next,
        }
        match next {
            NONE => self.last = prev,
            n => self.ops[n as usize].prev = prev,
        }
        self.live -= 1;
    }

    /// Replaces operand `index` of `op` with `v`, keeping use lists right.
    pub fn set_operand(&mut self, op: OpId, index: usize, v: ValueId) {
        let old = self.ops[op.0 as usize].operands[index];
        if old == v {
            return;
        }
        self.remove_use(old, op, index as u32);
        let uses = &mut self.values[v.0 as usize].uses;
        let pos = uses.len() as u32;
        uses.push(Use {
            op,
            index: index as u32,
        });
        let o = &mut self.ops[op.0 as usize];
        o.operands[index] = v;
        o.use_pos[index] = pos;
    }

    /// Removes operand `index` of `op` from the use list of `v` in O(1).
    fn remove_use(&mut self, v: ValueId, op: OpId, index: u32) {
        let p = self.ops[op.0 as usize].use_pos[index as usize] as usize;
        let uses = &mut self.values[v.0 as usize].uses;
        debug_assert_eq!(uses[p], Use { op, index });
        uses.swap_remove(p);
        if let Some(&moved) = uses.get(p) {
            self.ops[moved.op.0 as usize].use_pos[moved.index as usize] = p as u32;
        }
    }

    /// Makes every use of `old` use `new` instead.
    pub fn replace_all_uses(&mut self, old: ValueId, new: ValueId) {
        if old == new {
            return;
        }
        let uses = std::mem::take(&mut self.values[old.0 as usize].uses);
        let base = self.values[new.0 as usize].uses.len();
        for (i, u) in uses.iter().enumerate() {
            let o = &mut self.ops[u.op.0 as usize];
            o.operands[u.index as usize] = new;
            o.use_pos[u.index as usize] = (base + i) as u32;
        }
        self.values[new.0 as usize].uses.extend(uses);
    }

    /// Replaces the results of `op` by `new` values (in order) and erases `op`.
    pub fn replace_op(&mut self, op: OpId, new: &[ValueId]) {
        let results: Vec<ValueId> = self.op(op).results().collect();
        assert_eq!(
            results.len(),
            new.len(),
            "replace_op: result count mismatch"
        );
        for (r, n) in results.into_iter().zip(new) {
            self.replace_all_uses(r, *n);
        }
        self.erase(op);
    }

    /// True if no result of `op` has a use.
    pub fn results_unused(&self, op: OpId) -> bool {
        self.op(op).results().all(|r| self.value(r).uses.is_empty())
    }

    /// Erases an op whose results are unused; its operands lose these uses.
    ///
    /// Panics if a result still has uses (a pass bug, never user input).
    pub fn erase(&mut self, op: OpId) {
        assert!(
            self.results_unused(op),
            "erasing an op whose results are still used"
        );
        self.unlink(op);
        let operands = std::mem::take(&mut self.ops[op.0 as usize].operands);
        for (i, v) in operands.iter().enumerate() {
            self.remove_use(*v, op, i as u32);
        }
        let o = &mut self.ops[op.0 as usize];
        o.use_pos.clear();
        o.alive = false;
    }

    /// The ops using `v` (one entry per use).
    pub fn users(&self, v: ValueId) -> impl Iterator<Item = OpId> + '_ {
        self.value(v).uses.iter().map(|u| u.op)
    }
}

/// Iterator over the ops of a block in order.
pub struct OpIter<'a> {
    body: &'a Body,
    cur: u32,
}

impl Iterator for OpIter<'_> {
    type Item = OpId;
    fn next(&mut self) -> Option<OpId> {
        if self.cur == NONE {
            return None;
        }
        let id = OpId(self.cur);
        self.cur = self.body.ops[self.cur as usize].next;
        Some(id)
    }
}

/// A function: `func.func @name(args) -> results { body }`.
#[derive(Clone, Debug)]
pub struct Func {
    /// Symbol name (without `@`).
    pub name: Arc<str>,
    /// The signature.
    pub ty: Arc<FunctionType>,
    /// Other attributes (e.g. `sym_visibility`, `arg_attrs`), printed in `attributes {…}`.
    pub attrs: Vec<NamedAttr>,
    /// Location of the `func.func`.
    pub loc: Location,
    /// The body (one block).
    pub body: Body,
}

impl Func {
    /// A function with the given signature and an empty body.
    pub fn new(name: &str, ty: FunctionType, loc: Location) -> Func {
        let body = Body::with_args(&ty.inputs);
        Func {
            name: name.into(),
            ty: Arc::new(ty),
            attrs: vec![],
            loc,
            body,
        }
    }
}

/// A module: `module { func.func … }`.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// Optional symbol name (`module @name`).
    pub name: Option<Arc<str>>,
    /// Module attributes.
    pub attrs: Vec<NamedAttr>,
    /// Location of the module.
    pub loc: Location,
    /// Functions, in order.
    pub funcs: Vec<Func>,
}

impl Module {
    /// The function named `name`.
    pub fn func(&self, name: &str) -> Option<&Func> {
        self.funcs.iter().find(|f| &*f.name == name)
    }

    /// Total number of live ops in all functions (not counting `func.func` itself).
    pub fn num_ops(&self) -> usize {
        self.funcs.iter().map(|f| f.body.len()).sum()
    }
}
