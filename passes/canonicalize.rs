//! `canonicalize`: a greedy worklist driver, MLIR-style. Each op is erased if trivially
//! dead, else folded (constants materialized by its dialect, deduplicated and hoisted to
//! the top of the function), else rewritten by its canonicalization patterns; whatever a
//! change affects goes back on the worklist. Iterations repeat until one changes nothing.

use crate::util::{is_trivially_dead, AttrKey};
use neuron_ir::registry::{self, CanonicalizeFn, FoldFn, FoldResult, OpDef};
use neuron_ir::{traits, Attribute, Body, Diagnostic, Func, Location, OpId, Type, ValueId};
use neuron_pass::PassRegistration;
use neuron_pass::{Changed, OptionKind, OptionSpec, Pass, PassOptions, PassOutput};
use rustc_hash::{FxHashMap, FxHashSet};

/// Limits of the greedy driver (the pass options).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CanonicalizeConfig {
    /// Most iterations over the whole function; -1 means no limit.
    pub max_iterations: i64,
    /// Most folds and pattern rewrites per iteration (as MLIR's driver); -1 means no limit.
    pub max_num_rewrites: i64,
    /// Make the pass fail if the function did not converge.
    pub test_convergence: bool,
}

impl Default for CanonicalizeConfig {
    fn default() -> Self {
        CanonicalizeConfig {
            max_iterations: 10,
            max_num_rewrites: -1,
            test_convergence: false,
        }
    }
}

/// What one run of the driver did, for tests and tracing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CanonicalizeStats {
    /// Iterations started.
    pub iterations: usize,
    /// Ops taken off the worklist and examined.
    pub visits: usize,
    /// Ops replaced by a fold.
    pub folds: usize,
    /// Successful canonicalization-pattern rewrites.
    pub pattern_rewrites: usize,
    /// Trivially dead ops erased.
    pub erased: usize,
    /// Constants replaced by an identical earlier one.
    pub constants_deduplicated: usize,
    /// True if the IR changed at all (including constant hoisting).
    pub modified: bool,
    /// True if the last iteration changed nothing.
    pub converged: bool,
}

/// Canonicalizes one function in place.
pub fn canonicalize_function(f: &mut Func, config: &CanonicalizeConfig) -> CanonicalizeStats {
    Driver::new(&mut f.body, config).run(config)
}

/// The key under which the folder deduplicates constants: dialect, value, type.
type ConstKey = (&'static str, AttrKey, Type);

/// The constants the driver owns: hoisted to the top of the block, one per key.
#[derive(Default)]
struct ConstantFolder {
    cache: FxHashMap<ConstKey, OpId>,
    owned: FxHashSet<OpId>,
}

struct Driver<'a> {
    body: &'a mut Body,
    worklist: Vec<OpId>,
    queued: Vec<bool>,
    folder: ConstantFolder,
    stats: CanonicalizeStats,
    rewrites_left: Option<u64>,
    max_rewrites: Option<u64>,
}

/// The dialect and value of a constant-like op (no operands, one result, a `value`).
fn constant_value(body: &Body, op: OpId) -> Option<(&'static str, Attribute)> {
    let data = body.op(op);
    let def = data.def()?;
    let ok = def.has_trait(traits::CONSTANT_LIKE)
        && data.operands().is_empty()
        && data.num_results() == 1;
    ok.then(|| data.attr("value").cloned())
        .flatten()
        .map(|v| (def.dialect(), v))
}

impl<'a> Driver<'a> {
    fn new(body: &'a mut Body, config: &CanonicalizeConfig) -> Driver<'a> {
        Driver {
            body,
            worklist: Vec::new(),
            queued: Vec::new(),
            folder: ConstantFolder::default(),
            stats: CanonicalizeStats::default(),
            rewrites_left: None,
            max_rewrites: u64::try_from(config.max_num_rewrites).ok(),
        }
    }

    fn run(mut self, config: &CanonicalizeConfig) -> CanonicalizeStats {
        let mut converged = true;
        while config.max_iterations < 0 || (self.stats.iterations as i64) < config.max_iterations {
            self.stats.iterations += 1;
            self.folder = ConstantFolder::default();
            self.rewrites_left = self.max_rewrites;
            self.populate();
            let changed = self.process();
            converged = !changed;
            if !changed {
                break;
            }
        }
        self.stats.converged = converged;
        self.stats
    }

    /// Fills the worklist with every op in block order, deduplicating and hoisting constants.
    fn populate(&mut self) {
        self.worklist.clear();
        self.queued.clear();
        let ops: Vec<OpId> = self.body.ops().collect();
        for op in ops {
            if constant_value(self.body, op).is_some() && !self.insert_known_constant(op) {
                continue;
            }
            self.push(op);
        }
        self.worklist.reverse();
    }

    /// Processes the worklist until empty; true if anything changed.
    fn process(&mut self) -> bool {
        let mut changed = false;
        let limit = 64 * (self.worklist.len() + 16);
        let mut visits = 0usize;
        while let Some(op) = self.pop() {
            if self.rewrites_left == Some(0) {
                break;
            }
            if !self.body.is_alive(op) {
                continue;
            }
            visits += 1;
            if visits > limit {
                tracing::warn!("canonicalize: worklist did not drain after {limit} visits");
                break;
            }
            if self.visit(op) {
                changed = true;
                self.stats.modified = true;
            }
        }
        self.stats.visits += visits;
        changed
    }

    fn push(&mut self, op: OpId) {
        let i = op.0 as usize;
        if i >= self.queued.len() {
            self.queued.resize(i + 1, false);
        }
        if !self.queued[i] && self.body.is_alive(op) {
            self.queued[i] = true;
            self.worklist.push(op);
        }
    }

    fn pop(&mut self) -> Option<OpId> {
        let op = self.worklist.pop()?;
        self.queued[op.0 as usize] = false;
        Some(op)
    }

    /// One op: dead → erase; foldable → replace; else its patterns. True if it changed the IR.
    fn visit(&mut self, op: OpId) -> bool {
        if is_trivially_dead(self.body, op) {
            self.erase(op);
            self.stats.erased += 1;
            return true;
        }
        let Some(def) = self.body.op(op).def() else {
            return false;
        };
        if !def.has_trait(traits::CONSTANT_LIKE) {
            if let Some(fold) = def.fold {
                if self.try_fold(op, def, fold) {
                    return true;
                }
            }
        }
        match def.canonicalize {
            Some(canon) => self.try_patterns(op, canon),
            None => false,
        }
    }

    fn consume_rewrite(&mut self) {
        if let Some(n) = &mut self.rewrites_left {
            *n = n.saturating_sub(1);
        }
    }

    /// The `value` attributes of the constant-like ops defining each operand.
    fn constant_operands(&self, op: OpId) -> Vec<Option<Attribute>> {
        let body = &*self.body;
        body.op(op)
            .operands()
            .iter()
            .map(|&v| constant_value(body, body.defining_op(v)?).map(|(_, a)| a))
            .collect()
    }

    fn try_fold(&mut self, op: OpId, def: &'static OpDef, fold: FoldFn) -> bool {
        if self.body.op(op).num_results() != 1 {
            return false;
        }
        let consts = self.constant_operands(op);
        let result = self.body.op(op).result(0);
        let new = match fold(self.body, op, &consts) {
            Some(FoldResult::Value(v))
                if v != result && self.body.ty(v) == self.body.ty(result) =>
            {
                v
            }
            Some(FoldResult::Constant(attr)) => {
                let ty = self.body.ty(result).clone();
                let loc = self.body.op(op).loc.clone();
                match self.get_or_create_constant(def.dialect(), &attr, &ty, loc) {
                    Some(v) => v,
                    None => return false,
                }
            }
            _ => return false,
        };
        self.replace(op, new);
        self.stats.folds += 1;
        self.consume_rewrite();
        true
    }

    fn try_patterns(&mut self, op: OpId, canon: CanonicalizeFn) -> bool {
        let before = self.neighbours(op);
        if !canon(self.body, op) {
            return false;
        }
        self.stats.pattern_rewrites += 1;
        self.consume_rewrite();
        let after = if self.body.is_alive(op) {
            self.neighbours(op)
        } else {
            Vec::new()
        };
        // Ops the pattern created feed `op` or its former users: reach them through operands.
        for n in before.into_iter().chain(after).chain([op]) {
            self.push(n);
            self.push_operand_defs(n);
        }
        true
    }

    /// The ops defining `op`'s operands and the ops using its results.
    fn neighbours(&self, op: OpId) -> Vec<OpId> {
        let body = &*self.body;
        let data = body.op(op);
        let defs = data.operands().iter().filter_map(|&v| body.defining_op(v));
        let users = data.results().flat_map(|r| body.users(r));
        defs.chain(users).collect()
    }

    fn push_operand_defs(&mut self, op: OpId) {
        if !self.body.is_alive(op) {
            return;
        }
        let defs: Vec<OpId> = {
            let body = &*self.body;
            body.op(op)
                .operands()
                .iter()
                .filter_map(|&v| body.defining_op(v))
                .collect()
        };
        for d in defs {
            self.push(d);
        }
    }

    /// Replaces `op`'s single result by `new`, erases `op`, and queues the affected ops.
    fn replace(&mut self, op: OpId, new: ValueId) {
        let affected = self.neighbours(op);
        self.body.replace_op(op, &[new]);
        self.folder.owned.remove(&op);
        for n in affected {
            self.push(n);
        }
    }

    /// Erases an unused op and queues the ops defining its operands (they may be dead now).
    fn erase(&mut self, op: OpId) {
        let affected = self.neighbours(op);
        self.body.erase(op);
        self.folder.owned.remove(&op);
        for n in affected {
            self.push(n);
        }
    }

    /// Moves a constant to the top of the block unless it already follows the hoisted ones.
    fn hoist(&mut self, op: OpId) {
        let Some(first) = self.body.first_op() else {
            return;
        };
        let after_owned = self
            .body
            .prev_op(op)
            .is_some_and(|p| self.folder.owned.contains(&p));
        if first != op && !after_owned {
            self.body.move_before(op, first);
            self.stats.modified = true;
        }
    }

    /// Registers an existing constant: replaced by an identical owned one, or hoisted and owned.
    /// Returns false if the op was erased as a duplicate.
    fn insert_known_constant(&mut self, op: OpId) -> bool {
        let Some((dialect, value)) = constant_value(self.body, op) else {
            return true;
        };
        let ty = self.body.ty(self.body.op(op).result(0)).clone();
        let key = (dialect, AttrKey(value), ty);
        if let Some(&existing) = self.folder.cache.get(&key) {
            if self.body.is_alive(existing) && existing != op {
                let v = self.body.op(existing).result(0);
                self.body.replace_op(op, &[v]);
                self.stats.constants_deduplicated += 1;
                self.stats.modified = true;
                return false;
            }
        }
        self.hoist(op);
        self.folder.cache.insert(key, op);
        self.folder.owned.insert(op);
        true
    }

    /// The result of an owned constant `attr : ty`, materialized at the top if new.
    fn get_or_create_constant(
        &mut self,
        dialect: &'static str,
        attr: &Attribute,
        ty: &Type,
        loc: Location,
    ) -> Option<ValueId> {
        let key = (dialect, AttrKey(attr.clone()), ty.clone());
        if let Some(v) = self.cached(&key) {
            return Some(v);
        }
        let materialize = registry::dialect(dialect)?.materialize_constant?;
        let anchor = self.body.first_op()?;
        let v = materialize(self.body, attr, ty, loc, anchor)?;
        let Some(c) = self.body.defining_op(v) else {
            return Some(v);
        };
        if self.body.ty(v) != ty || constant_value(self.body, c).is_none() {
            if self.body.results_unused(c) {
                self.body.erase(c);
            }
            return None;
        }
        if let Some((d, value)) = constant_value(self.body, c) {
            let own_key = (d, AttrKey(value), ty.clone());
            if let Some(existing) = self.cached(&own_key) {
                self.body.erase(c);
                self.folder
                    .cache
                    .insert(key, self.body.defining_op(existing)?);
                return Some(existing);
            }
            self.folder.cache.insert(own_key, c);
        }
        self.folder.cache.insert(key, c);
        self.folder.owned.insert(c);
        Some(v)
    }

    fn cached(&self, key: &ConstKey) -> Option<ValueId> {
        let &c = self.folder.cache.get(key)?;
        self.body.is_alive(c).then(|| self.body.op(c).result(0))
    }
}

/// The `canonicalize` pass.
#[derive(Clone, Debug, Default)]
pub struct Canonicalizer {
    /// Driver limits.
    pub config: CanonicalizeConfig,
}

impl Pass for Canonicalizer {
    fn run_on_function(&self, f: &mut Func, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        let stats = canonicalize_function(f, &self.config);
        tracing::debug!(func = %f.name, ?stats, "canonicalize");
        if self.config.test_convergence && !stats.converged {
            return Err(Diagnostic::error(
                f.loc.clone(),
                format!(
                    "canonicalizer failed to converge on @{} (max-iterations={}, max-num-rewrites={})",
                    f.name, self.config.max_iterations, self.config.max_num_rewrites
                ),
            ));
        }
        Ok(Changed::from(stats.modified))
    }

    fn is_function_pass(&self) -> bool {
        true
    }
}

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "max-iterations",
        kind: OptionKind::Int,
        default: "10",
        help: "Max. iterations between applying patterns / simplifying regions (-1: no limit)",
    },
    OptionSpec {
        name: "max-num-rewrites",
        kind: OptionKind::Int,
        default: "-1",
        help: "Max. number of pattern rewrites within an iteration (-1: no limit)",
    },
    OptionSpec {
        name: "test-convergence",
        kind: OptionKind::Bool,
        default: "false",
        help: "Test only: Fail pass on non-convergence to detect cyclic pattern",
    },
];

fn create(opts: &PassOptions) -> Result<Box<dyn Pass>, String> {
    let config = CanonicalizeConfig {
        max_iterations: opts.int("max-iterations"),
        max_num_rewrites: opts.int("max-num-rewrites"),
        test_convergence: opts.bool("test-convergence"),
    };
    for (name, v) in [
        ("max-iterations", config.max_iterations),
        ("max-num-rewrites", config.max_num_rewrites),
    ] {
        if v < -1 {
            return Err(format!(
                "invalid value for option '{name}': expected -1 (no limit) or a count >= 0, found '{v}'"
            ));
        }
    }
    Ok(Box::new(Canonicalizer { config }))
}

inventory::submit! {
    PassRegistration {
        argument: "canonicalize",
        name: "Canonicalizer",
        summary: "Canonicalize operations",
        options: OPTIONS,
        create,
    }
}
