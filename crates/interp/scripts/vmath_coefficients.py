#!/usr/bin/env python3
"""Prints the polynomial coefficients of crates/interp/src/kernels/vmath.rs (needs mpmath).

Each polynomial is the Chebyshev interpolant (at Chebyshev nodes, 50-digit arithmetic) of its
function on its interval, converted to monomials, then rounded to f64:
- EXP_S: S(r) = (e^r - 1 - r) / r^2 for |r| <= ln(2)/2 (1 + 1e-4), degree 9, so that
  e^r = 1 + r + r^2 S(r) (relative error of the interpolant ~2e-17);
- ERF_P: P(s) = erf(sqrt(s)) / sqrt(s) for s = x^2 in [0, 0.75^2], degree 9, so that
  erf(x) = x P(x^2) for |x| < 0.75 (~7e-17);
- ERF_R: the same function for s in [0, 16], in the variable u = s / 8 - 1, degree 27, so that
  erf(x) = x R(x^2) for |x| < 4 (~1e-17; past 4, erf rounds to +-1 in FP32);
- TANH_T: T(s) = tanh(sqrt(s)) / sqrt(s) for s = x^2 in [0, 0.55^2], degree 10, so that
  tanh(x) = x T(x^2) for |x| < 0.55 (~2e-17);
- ERFC_Q: Q(t) = erfc(z) e^(z^2) / t with t = 2 / (2 + z), for z in [0.75, 10.6], in the variable
  u = (2t - (t0 + t1)) / (t1 - t0) in [-1, 1], degree 18, so that erfc(z) = t e^(-z^2) Q(t) (~5e-17).
Usage: python3 crates/interp/scripts/vmath_coefficients.py
"""
from math import comb

import mpmath as mp

mp.mp.dps = 50


def cheb_fit(f, a, b, n):
    """Chebyshev coefficients of the degree-n interpolant of f on [a, b]."""
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / (n + 1)) for k in range(n + 1)]
    values = [f((b - a) / 2 * x + (b + a) / 2) for x in nodes]
    c = [2 * sum(v * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / (n + 1))
                 for k, v in enumerate(values)) / (n + 1) for j in range(n + 1)]
    c[0] /= 2
    return c


def to_monomial(c):
    """Monomial coefficients (in the interval variable u in [-1, 1]) of a Chebyshev series."""
    t = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    for k in range(2, len(c)):
        a = [mp.mpf(0)] + [2 * x for x in t[k - 1]]
        b = t[k - 2] + [mp.mpf(0)] * (len(a) - len(t[k - 2]))
        t.append([x - y for x, y in zip(a, b)])
    m = [mp.mpf(0)] * len(c)
    for j, cj in enumerate(c):
        for i, tji in enumerate(t[j]):
            m[i] += cj * tji
    return m


def rescale(m, a, b):
    """Coefficients in x of a polynomial given in u = (2x - (a + b)) / (b - a)."""
    scale, shift = 2 / (b - a), -(a + b) / (b - a)
    out = [mp.mpf(0)] * len(m)
    for j, mj in enumerate(m):
        for i in range(j + 1):
            out[i] += mj * comb(j, i) * scale**i * shift**(j - i)
    return out


def exp_s(r):
    return mp.mpf(1) / 2 if r == 0 else (mp.exp(r) - 1 - r) / r**2


def erf_p(s):
    return 2 / mp.sqrt(mp.pi) if s == 0 else mp.erf(mp.sqrt(s)) / mp.sqrt(s)


def tanh_t(s):
    return mp.mpf(1) if s == 0 else mp.tanh(mp.sqrt(s)) / mp.sqrt(s)


def erfc_q(t):
    z = 2 / t - 2
    return mp.erfc(z) * mp.exp(z * z) / t


def table(name, coefs, doc):
    print(f"/// {doc}")
    print(f"const {name}: [f64; {len(coefs)}] = [")
    for c in coefs:
        text = repr(float(c))
        # clippy asks for the named constant where a value equals one (here 2/sqrt(pi)).
        print("    FRAC_2_SQRT_PI," if float(c) == float(2 / mp.sqrt(mp.pi)) else f"    {text},")
    print("];")


def main():
    r = mp.log(2) / 2 * mp.mpf("1.0001")
    table("EXP_S", rescale(to_monomial(cheb_fit(exp_s, -r, r, 9)), -r, r),
          "`(e^r − 1 − r) / r²` for |r| ≤ ln 2 / 2, in powers of `r`.")
    c = mp.mpf("0.75")
    table("ERF_P", rescale(to_monomial(cheb_fit(erf_p, 0, c * c, 9)), 0, c * c),
          "`erf(x) / x` for |x| < 0.75, in powers of `x²`.")
    table("ERF_R", to_monomial(cheb_fit(erf_p, 0, 16, 27)),
          "`erf(x) / x` for |x| < 4, in powers of `u = x²/8 − 1`.")
    h = mp.mpf("0.55")
    table("TANH_T", rescale(to_monomial(cheb_fit(tanh_t, 0, h * h, 10)), 0, h * h),
          "`tanh(x) / x` for |x| < 0.55, in powers of `x²`.")
    t0, t1 = 2 / (2 + mp.mpf("10.6")), 2 / (2 + c)
    table("ERFC_Q", to_monomial(cheb_fit(erfc_q, t0, t1, 18)),
          "`erfc(z)·e^(z²)/t`, `t = 2/(2 + z)`, for z in [0.75, 10.6], in powers of `u`.")


if __name__ == "__main__":
    main()
