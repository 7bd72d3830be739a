//! Helpers shared by the passes: structural hashing of attributes and dead-op tests.

use neuron_ir::{traits, Attribute, Body, DenseArray, OpId};
use std::hash::{Hash, Hasher};

/// Feeds an attribute's structure into `h`, consistently with `Attribute`'s `PartialEq`.
pub fn hash_attr<H: Hasher>(a: &Attribute, h: &mut H) {
    std::mem::discriminant(a).hash(h);
    match a {
        Attribute::Integer(v, s) => (v, s).hash(h),
        Attribute::Float(bits, s) => (bits, s).hash(h),
        Attribute::String(s) | Attribute::SymbolRef(s) => s.hash(h),
        Attribute::Bool(b) => b.hash(h),
        Attribute::Unit => {}
        Attribute::Array(items) => {
            items.len().hash(h);
            items.iter().for_each(|i| hash_attr(i, h));
        }
        Attribute::DenseArray(d) => match &**d {
            DenseArray::Int(s, v) => (0u8, s, v).hash(h),
            DenseArray::Float(s, v) => (1u8, s, v).hash(h),
        },
        Attribute::Dict(entries) => {
            entries.len().hash(h);
            for e in entries.iter() {
                e.name.hash(h);
                hash_attr(&e.value, h);
            }
        }
        Attribute::Type(t) => t.hash(h),
        Attribute::Dense(d) => (&d.ty, &d.data).hash(h),
    }
}

/// An attribute usable as a hash-map key (equality is `Attribute`'s, which compares float bits).
#[derive(Clone, Debug, PartialEq)]
pub struct AttrKey(pub Attribute);

impl Eq for AttrKey {}

impl Hash for AttrKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_attr(&self.0, h);
    }
}

/// True if erasing `op` cannot change the program: it is pure, not a terminator,
/// and none of its results is used (MLIR's `isOpTriviallyDead`).
pub fn is_trivially_dead(body: &Body, op: OpId) -> bool {
    let data = body.op(op);
    data.has_trait(traits::PURE) && !data.has_trait(traits::TERMINATOR) && body.results_unused(op)
}
