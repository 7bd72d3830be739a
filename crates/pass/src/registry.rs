//! Pass and pipeline registries: each pass joins from its own file with `inventory::submit!`.

use crate::options::{OptionSpec, PassOptions};
use crate::Pass;

/// A registered pass: its kebab-case argument, display name, summary, options and constructor.
pub struct PassRegistration {
    /// Kebab-case name used in pipelines (`canonicalize`).
    pub argument: &'static str,
    /// Display name used in IR dump headers (`Canonicalizer`).
    pub name: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    /// Declared options.
    pub options: &'static [OptionSpec],
    /// Builds an instance from parsed options; the error explains a bad combination.
    pub create: fn(&PassOptions) -> Result<Box<dyn Pass>, String>,
}
inventory::collect!(PassRegistration);

/// A registered named pipeline (alias): `fast-math-all` = `fp32-cast-all,fast-relayout`.
pub struct PipelineRegistration {
    /// Name used in pipelines.
    pub argument: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    /// The pipeline text it stands for.
    pub pipeline: &'static str,
}
inventory::collect!(PipelineRegistration);

/// The pass registered as `argument`.
pub fn lookup_pass(argument: &str) -> Option<&'static PassRegistration> {
    inventory::iter::<PassRegistration>
        .into_iter()
        .find(|p| p.argument == argument)
}

/// The pipeline registered as `argument`.
pub fn lookup_pipeline(argument: &str) -> Option<&'static PipelineRegistration> {
    inventory::iter::<PipelineRegistration>
        .into_iter()
        .find(|p| p.argument == argument)
}

/// Every registered pass, sorted by argument.
pub fn all_passes() -> Vec<&'static PassRegistration> {
    let mut v: Vec<_> = inventory::iter::<PassRegistration>.into_iter().collect();
    v.sort_by_key(|p| p.argument);
    v
}

/// Every registered pipeline, sorted by argument.
pub fn all_pipelines() -> Vec<&'static PipelineRegistration> {
    let mut v: Vec<_> = inventory::iter::<PipelineRegistration>
        .into_iter()
        .collect();
    v.sort_by_key(|p| p.argument);
    v
}
