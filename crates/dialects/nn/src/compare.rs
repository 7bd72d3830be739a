//! Comparisons `nn.equal`, `nn.less`, `nn.less_equal`, `nn.greater`, `nn.greater_equal`
//! (broadcasting, any shared element type, `i1` result) and the select `nn.where`.

use crate::common::{broadcast_all, check_result_shape, operand_tensor, result_tensor};
use neuron_ir::registry::traits;
use neuron_ir::{Func, OpId, Scalar};

const COMPARE: u32 = traits::PURE | traits::ELEMENTWISE;

/// Declares a comparison op.
macro_rules! compare_op {
    ($(#[$m:meta])* $view:ident = $name:literal, $summary:literal, $traits:expr) => {
        neuron_ir::define_op! {
            $(#[$m])*
            pub struct $view = $name {
                summary: $summary,
                operands: [lhs, rhs],
                results: [result],
                attrs: [],
                traits: $traits,
                verify: Some(verify_compare),
                fold: None,
                canonicalize: None,
            }
        }
    };
}

compare_op!(
    /// `nn.equal`: elementwise `lhs == rhs` as `i1` (NaN is unequal to everything).
    EqualOp = "nn.equal", "elementwise equality", COMPARE | traits::COMMUTATIVE
);
compare_op!(
    /// `nn.less`: elementwise `lhs < rhs` as `i1`.
    LessOp = "nn.less", "elementwise less-than", COMPARE
);
compare_op!(
    /// `nn.less_equal`: elementwise `lhs <= rhs` as `i1`.
    LessEqualOp = "nn.less_equal", "elementwise less-or-equal", COMPARE
);
compare_op!(
    /// `nn.greater`: elementwise `lhs > rhs` as `i1`.
    GreaterOp = "nn.greater", "elementwise greater-than", COMPARE
);
compare_op!(
    /// `nn.greater_equal`: elementwise `lhs >= rhs` as `i1`.
    GreaterEqualOp = "nn.greater_equal", "elementwise greater-or-equal", COMPARE
);

neuron_ir::define_op! {
    /// `nn.where`: `cond ? x : y` elementwise, broadcasting all three operands.
    pub struct WhereOp = "nn.where" {
        summary: "selects from x where cond is true, else from y",
        operands: [cond, x, y],
        results: [result],
        attrs: [],
        traits: traits::PURE | traits::ELEMENTWISE,
        verify: Some(verify_where),
        fold: None,
        canonicalize: None,
    }
}

fn verify_compare(f: &Func, op: OpId) -> Result<(), String> {
    let lhs = operand_tensor(f, op, 0)?;
    let rhs = operand_tensor(f, op, 1)?;
    let res = result_tensor(f, op, 0)?;
    if lhs.elem != rhs.elem {
        return Err(format!(
            "operand element types differ: {} vs {}",
            lhs.elem, rhs.elem
        ));
    }
    if res.elem != Scalar::I1 {
        return Err(format!(
            "result element type must be i1, but got {}",
            res.elem
        ));
    }
    let shape = broadcast_all(&[&lhs.shape, &rhs.shape])?;
    check_result_shape(res, &shape)
}

fn verify_where(f: &Func, op: OpId) -> Result<(), String> {
    let cond = operand_tensor(f, op, 0)?;
    let x = operand_tensor(f, op, 1)?;
    let y = operand_tensor(f, op, 2)?;
    let res = result_tensor(f, op, 0)?;
    if cond.elem != Scalar::I1 {
        return Err(format!(
            "condition element type must be i1, but got {}",
            cond.elem
        ));
    }
    if x.elem != y.elem {
        return Err(format!(
            "x and y element types differ: {} vs {}",
            x.elem, y.elem
        ));
    }
    crate::common::check_result_elem(x.elem, res.elem)?;
    let shape = broadcast_all(&[&cond.shape, &x.shape, &y.shape])?;
    check_result_shape(res, &shape)
}
