//! Deterministic random inputs for `--random-inputs --seed N`: SplitMix64, one independent
//! stream per argument (so giving one input from a file leaves the others' values unchanged).

/// The SplitMix64 generator (Steele, Lea, Flood 2014): tiny, fast, and good enough for test data.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

/// The golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

impl SplitMix64 {
    /// The stream of argument `index` under `seed`.
    pub fn for_argument(seed: u64, index: usize) -> SplitMix64 {
        let mut mixer = SplitMix64 {
            state: seed ^ (index as u64 + 1).wrapping_mul(GAMMA),
        };
        SplitMix64 {
            state: mixer.next_u64(),
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [-1, 1): a multiple of 2^-23, so exact in f32.
    pub fn uniform_pm1(&mut self) -> f32 {
        let bits = (self.next_u64() >> 40) as u32; // 24 bits
        bits as f32 * (1.0 / (1u32 << 23) as f32) - 1.0
    }

    /// Uniform in [0, max] (inclusive), by Lemire's multiply-shift (bias below 2^-64 · max).
    pub fn int_up_to(&mut self, max: u64) -> u64 {
        match max.checked_add(1) {
            None => self.next_u64(),
            Some(range) => ((u128::from(self.next_u64()) * u128::from(range)) >> 64) as u64,
        }
    }
}

/// `n` floats uniform in [-1, 1).
pub fn uniform_floats(rng: &mut SplitMix64, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.uniform_pm1()).collect()
}

/// `n` integers uniform in [0, max].
pub fn uniform_ints(rng: &mut SplitMix64, n: usize, max: u64) -> Vec<i64> {
    (0..n).map(|_| rng.int_up_to(max) as i64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_and_differ_per_argument() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = SplitMix64::for_argument(7, 0);
                move |_| r.next_u64()
            })
            .collect();
        let mut again = SplitMix64::for_argument(7, 0);
        assert!(a.iter().all(|&x| x == again.next_u64()));
        assert_ne!(a[0], SplitMix64::for_argument(7, 1).next_u64());
        assert_ne!(a[0], SplitMix64::for_argument(8, 0).next_u64());
    }

    #[test]
    fn ranges_hold() {
        let mut r = SplitMix64::for_argument(1, 0);
        let f = uniform_floats(&mut r, 10_000);
        assert!(f.iter().all(|&x| (-1.0..1.0).contains(&x)));
        assert!(f.iter().any(|&x| x < -0.99) && f.iter().any(|&x| x > 0.99));
        let i = uniform_ints(&mut r, 10_000, 15);
        assert!(i.iter().all(|&x| (0..=15).contains(&x)));
        assert!(i.contains(&0) && i.contains(&15));
        assert!(uniform_ints(&mut r, 100, 0).iter().all(|&x| x == 0));
    }
}
