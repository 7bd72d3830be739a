//! Test passes and pipelines registered for the pass-framework tests, and IR builders.
#![allow(dead_code)]

use neuron_ir::builtin::ReturnOp;
use neuron_ir::{
    Attribute, Diagnostic, Func, FunctionType, Location, Module, NamedAttr, OpSpec, OpView, Scalar,
    Severity, Type,
};
use neuron_pass::{
    Changed, OptionKind, OptionSpec, Pass, PassOptions, PassOutput, PassRegistration,
    PipelineRegistration,
};

/// A module of `n` functions `@f0 … @f{n-1}`, each `(i32) -> i32` returning its argument.
pub fn module_with(names: &[&str]) -> Module {
    let mut m = Module::default();
    for name in names {
        m.funcs.push(identity_func(name));
    }
    m
}

/// `func.func @name(%arg0: i32) -> i32 { return %arg0 : i32 }`.
pub fn identity_func(name: &str) -> Func {
    let i32t = Type::Scalar(Scalar::I32);
    let ty = FunctionType {
        inputs: vec![i32t.clone()],
        results: vec![i32t],
    };
    let mut f = Func::new(name, ty, Location::Unknown);
    let arg = f.body.args()[0];
    f.body
        .append(OpSpec::new(ReturnOp::def(), Location::Unknown).operands(&[arg]));
    f
}

/// `n` functions named `f0`, `f1`, ….
pub fn numbered_module(n: usize) -> Module {
    let names: Vec<String> = (0..n).map(|i| format!("f{i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    module_with(&refs)
}

/// The names of a function's attributes, in order.
pub fn func_attr_names(f: &Func) -> Vec<String> {
    f.attrs.iter().map(|a| a.name.to_string()).collect()
}

/// The tags `test-module-tag` added to the module, in order (attribute names without `test.`).
pub fn module_attr_names(m: &Module) -> Vec<String> {
    m.attrs
        .iter()
        .map(|a| a.name.strip_prefix("test.").unwrap_or(&a.name).to_string())
        .collect()
}

fn unit_attr(name: &str) -> NamedAttr {
    NamedAttr {
        name: name.into(),
        value: Attribute::Unit,
    }
}

/// Module pass appending the module attribute `test.<tag>` (module attributes need a dialect prefix).
struct ModuleTag(String);
impl Pass for ModuleTag {
    fn run_on_module(&self, m: &mut Module, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        m.attrs.push(unit_attr(&format!("test.{}", self.0)));
        Ok(Changed::Yes)
    }
}
static TAG_OPTS: &[OptionSpec] = &[OptionSpec {
    name: "tag",
    kind: OptionKind::Str,
    default: "t",
    help: "attribute name",
}];
inventory::submit! { PassRegistration {
    argument: "test-module-tag", name: "TestModuleTag", summary: "tags the module",
    options: TAG_OPTS,
    create: |o| Ok(Box::new(ModuleTag(o.str("tag").to_string()))),
} }

/// Function pass appending the function attribute named by option `name`.
struct FuncTag(String);
impl Pass for FuncTag {
    fn run_on_function(&self, f: &mut Func, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        f.attrs.push(unit_attr(&self.0));
        Ok(Changed::Yes)
    }
    fn is_function_pass(&self) -> bool {
        true
    }
}
static FUNC_TAG_OPTS: &[OptionSpec] = &[OptionSpec {
    name: "name",
    kind: OptionKind::Str,
    default: "visited",
    help: "attribute name",
}];
inventory::submit! { PassRegistration {
    argument: "test-func-tag", name: "TestFuncTag", summary: "tags each function",
    options: FUNC_TAG_OPTS,
    create: |o| Ok(Box::new(FuncTag(o.str("name").to_string()))),
} }

/// Function pass that changes nothing.
struct Noop;
impl Pass for Noop {
    fn is_function_pass(&self) -> bool {
        true
    }
}
inventory::submit! { PassRegistration {
    argument: "test-noop", name: "TestNoop", summary: "does nothing",
    options: &[], create: |_| Ok(Box::new(Noop)),
} }

/// Module pass that always fails.
struct Fail;
impl Pass for Fail {
    fn run_on_module(&self, m: &mut Module, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        Err(Diagnostic::error(m.loc.clone(), "test-fail failed"))
    }
}
inventory::submit! { PassRegistration {
    argument: "test-fail", name: "TestFail", summary: "fails",
    options: &[], create: |_| Ok(Box::new(Fail)),
} }

/// Function pass failing on functions whose name starts with `bad`, warning on the others.
struct FailBad;
impl Pass for FailBad {
    fn run_on_function(&self, f: &mut Func, out: &mut PassOutput) -> Result<Changed, Diagnostic> {
        if f.name.starts_with("bad") {
            return Err(Diagnostic::error(
                Location::Name(f.name.clone()),
                format!("cannot handle @{}", f.name),
            ));
        }
        out.diagnostics.push(Diagnostic::new(
            Severity::Warning,
            Location::Name(f.name.clone()),
            format!("looked at @{}", f.name),
        ));
        Ok(Changed::No)
    }
    fn is_function_pass(&self) -> bool {
        true
    }
}
inventory::submit! { PassRegistration {
    argument: "test-fail-bad", name: "TestFailBad", summary: "fails on @bad*",
    options: &[], create: |_| Ok(Box::new(FailBad)),
} }

/// Function pass that erases the terminator (the IR no longer verifies).
struct Break;
impl Pass for Break {
    fn run_on_function(&self, f: &mut Func, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        if let Some(last) = f.body.last_op() {
            f.body.erase(last);
        }
        Ok(Changed::Yes)
    }
    fn is_function_pass(&self) -> bool {
        true
    }
}
inventory::submit! { PassRegistration {
    argument: "test-break", name: "TestBreak", summary: "breaks the IR",
    options: &[], create: |_| Ok(Box::new(Break)),
} }

/// Function pass reporting each function's name as text and as a remark.
struct Report;
impl Pass for Report {
    fn run_on_function(&self, f: &mut Func, out: &mut PassOutput) -> Result<Changed, Diagnostic> {
        // Uneven work so parallel scheduling differs from function order.
        let spin = (f.name.len() * 7919) % 5000;
        let mut x = 0u64;
        for i in 0..spin as u64 * 20 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        out.text.push_str(&format!("visited @{}\n", f.name));
        out.diagnostics.push(Diagnostic::new(
            Severity::Remark,
            Location::Name(f.name.clone()),
            format!("report @{}", f.name),
        ));
        Ok(Changed::No)
    }
    fn is_function_pass(&self) -> bool {
        true
    }
}
inventory::submit! { PassRegistration {
    argument: "test-report", name: "TestReport", summary: "reports each function",
    options: &[], create: |_| Ok(Box::new(Report)),
} }

/// A pass with options of every kind; `level` must not be negative.
struct WithOptions;
impl Pass for WithOptions {}
static WITH_OPTS: &[OptionSpec] = &[
    OptionSpec {
        name: "level",
        kind: OptionKind::Int,
        default: "3",
        help: "a number",
    },
    OptionSpec {
        name: "flag",
        kind: OptionKind::Bool,
        default: "false",
        help: "a flag",
    },
    OptionSpec {
        name: "mode",
        kind: OptionKind::Enum(&["fast", "slow"]),
        default: "fast",
        help: "a mode",
    },
    OptionSpec {
        name: "names",
        kind: OptionKind::List,
        default: "",
        help: "a list",
    },
    OptionSpec {
        name: "label",
        kind: OptionKind::Str,
        default: "x",
        help: "a string",
    },
];
fn create_with_options(o: &PassOptions) -> Result<Box<dyn Pass>, String> {
    if o.int("level") < 0 {
        return Err("'level' must not be negative".into());
    }
    Ok(Box::new(WithOptions))
}
inventory::submit! { PassRegistration {
    argument: "test-options", name: "TestOptions", summary: "takes options",
    options: WITH_OPTS, create: create_with_options,
} }

inventory::submit! { PipelineRegistration {
    argument: "test-alias", summary: "two function passes",
    pipeline: "test-func-tag,test-noop",
} }
inventory::submit! { PipelineRegistration {
    argument: "test-alias-func", summary: "a nested pipeline",
    pipeline: "func.func(test-func-tag{name=a})",
} }
inventory::submit! { PipelineRegistration {
    argument: "test-alias-anchored", summary: "an anchored pipeline",
    pipeline: "builtin.module(test-module-tag)",
} }
inventory::submit! { PipelineRegistration {
    argument: "test-alias-bad", summary: "names an unknown pass",
    pipeline: "test-noop,nope",
} }
inventory::submit! { PipelineRegistration {
    argument: "test-cycle-a", summary: "cycle", pipeline: "test-noop,test-cycle-b",
} }
inventory::submit! { PipelineRegistration {
    argument: "test-cycle-b", summary: "cycle", pipeline: "test-cycle-a",
} }

/// Threads that ran `test-thread` on some function.
pub static THREADS: std::sync::Mutex<Vec<std::thread::ThreadId>> =
    std::sync::Mutex::new(Vec::new());

/// Function pass noting the thread it runs on (and sleeping a little so work spreads).
struct ThreadProbe;
impl Pass for ThreadProbe {
    fn run_on_function(&self, _: &mut Func, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        std::thread::sleep(std::time::Duration::from_millis(3));
        if let Ok(mut t) = THREADS.lock() {
            t.push(std::thread::current().id());
        }
        Ok(Changed::No)
    }
    fn is_function_pass(&self) -> bool {
        true
    }
}
inventory::submit! { PassRegistration {
    argument: "test-thread", name: "TestThread", summary: "notes its thread",
    options: &[], create: |_| Ok(Box::new(ThreadProbe)),
} }
