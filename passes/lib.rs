//! neuron-opt's passes, one file each; every pass registers itself by its kebab-case name.

/// Call from a binary so the linker keeps every pass registration.
pub fn link() {}
