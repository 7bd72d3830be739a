//! `LpPool` decomposed into existing nn ops: `(Σ |x|^p)^(1/p)` over each window, the sum
//! taken by `nn.avg_pool2d {count_include_pad}` times the window size where it can express
//! the window, else by strided `nn.slice`s added per spatial axis (1-D, 2-D and 3-D).

use crate::ctx::{ints_attr, Ctx, Slot};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::window::{self, Axis, Reduce, Val};
use crate::tensor::tensor_type;
use neuron_ir::Attribute;

/// `|x|^p` (`nn.abs`, `nn.mul` for p = 2, `nn.pow` otherwise).
fn abs_pow(cx: &mut Ctx, x: &Val, p: i64) -> Result<Val> {
    if p == 2 {
        return window::binary(cx, "nn.mul", x, x);
    }
    let a = window::op1(cx, "nn.abs", x, &x.shape.clone(), vec![])?;
    if p == 1 {
        return Ok(a);
    }
    let k = window::float_constant(cx, &[], x.elem, &[p as f64])?;
    window::binary(cx, "nn.pow", &a, &k)
}

/// `s^(1/p)` (`nn.sqrt` for p = 2).
fn root(cx: &mut Ctx, s: &Val, p: i64) -> Result<Val> {
    match p {
        1 => Ok(s.clone()),
        2 => window::op1(cx, "nn.sqrt", s, &s.shape.clone(), vec![]),
        _ => {
            let k = window::float_constant(cx, &[], s.elem, &[1.0 / p as f64])?;
            window::binary(cx, "nn.pow", s, &k)
        }
    }
}

/// The window sums of a 4-D `x` by `nn.avg_pool2d {count_include_pad}` times `kH·kW`.
fn sum_pool2d(cx: &mut Ctx, x: &Val, gh: &Axis, gw: &Axis) -> Result<Val> {
    let kernel = [gh.kernel, gw.kernel];
    let mut attrs = vec![("kernel_shape", ints_attr(&kernel))];
    attrs.extend(window::attrs2d(gh, gw, false));
    attrs.push(("count_include_pad", Attribute::Bool(true)));
    let out = [x.shape[0], x.shape[1], gh.out, gw.out];
    let avg = window::op1(cx, "nn.avg_pool2d", x, &out, attrs)?;
    let n = gh.kernel.saturating_mul(gw.kernel) as f64;
    let k = window::float_constant(cx, &[], x.elem, &[n])?;
    window::binary(cx, "nn.mul", &avg, &k)
}

/// `LpPool {p = 2, kernel_shape, strides, pads, dilations, ceil_mode, auto_pad}`.
pub fn lp_pool(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let s = cx.shape(x);
    if !(3..=5).contains(&s.len()) {
        return cx.fail(format!(
            "input of shape {} must have rank 3, 4 or 5 (1-D, 2-D or 3-D pooling)",
            fmt_shape(&s)
        ));
    }
    if !cx.elem(x).is_float() {
        return cx.fail(format!(
            "input element type {} is not supported: LpPool needs a float tensor",
            cx.elem(x)
        ));
    }
    let p = cx.int_or("p", 2)?;
    if !(1..=64).contains(&p) {
        return cx.fail(format!("p = {p} must be between 1 and 64"));
    }
    let kernel = match cx.attr_ints("kernel_shape")? {
        Some(k) if k.len() == s.len() - 2 => k,
        Some(k) => {
            return cx.fail(format!(
                "kernel_shape {k:?} must have {} values",
                s.len() - 2
            ))
        }
        None => return cx.fail("requires attribute 'kernel_shape'"),
    };
    let ceil = cx.int_or("ceil_mode", 0)? != 0;
    let g = window::resolve(cx, &s[2..], &kernel, ceil)?;
    let xv = window::slot_value(cx, x)?;
    let a = abs_pow(cx, &xv, p)?;
    let direct = s.len() == 4
        && g.iter()
            .all(|g| g.dilation == 1 && g.pad_end == g.declared_end);
    let sum = if direct {
        sum_pool2d(cx, &a, &g[0], &g[1])?
    } else {
        let mut y = a;
        for (i, gi) in g.iter().enumerate() {
            y = window::pool_axis(cx, &y, i + 2, gi, Reduce::Sum)?;
        }
        y
    };
    let y = root(cx, &sum, p)?;
    Ok(vec![Slot {
        ty: tensor_type(&y.shape, y.elem),
        konst: None,
        ir: Some(y.v),
        loc: cx.loc.clone(),
    }])
}
