//! Deterministic random streams.
//!
//! Every random draw in casus comes from a ChaCha8 stream derived from three things: the
//! scenario seed, the stable id of the thing that draws (a campaign and node id, never an ECS
//! entity or a memory address), and the purpose of the draw. Two streams that differ in any of
//! the three are independent; the same three always give the same numbers, whatever the thread
//! count or the order in which systems visit entities.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The random generator used everywhere in casus.
pub type Stream = ChaCha8Rng;

/// FNV-1a, 64 bit: a tiny, stable, platform-independent hash of a stable id. Stability matters
/// more than quality here; ChaCha does the mixing.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The stream for `(seed, id, purpose)`. The seed is the ChaCha key; the id and purpose pick
/// the ChaCha stream (nonce), so streams never overlap.
pub fn stream(seed: u64, id: &str, purpose: &str) -> Stream {
    stream_for_hash(seed, stable_hash(&[id, purpose]))
}

/// The stream for a seed and a precomputed [`stable_hash`] of `(id, purpose)`.
pub fn stream_for_hash(seed: u64, id_purpose_hash: u64) -> Stream {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(b"casus-v1");
    let mut rng = ChaCha8Rng::from_seed(key);
    rng.set_stream(id_purpose_hash);
    rng
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn same_inputs_same_draws_and_different_inputs_differ() {
        let a: Vec<u32> = (0..8)
            .map(|_| 0)
            .scan(stream(7, "c1/n1", "killchain"), |r, _: u32| {
                Some(r.random())
            })
            .collect();
        let b: Vec<u32> = (0..8)
            .map(|_| 0)
            .scan(stream(7, "c1/n1", "killchain"), |r, _: u32| {
                Some(r.random())
            })
            .collect();
        let c: Vec<u32> = (0..8)
            .map(|_| 0)
            .scan(stream(8, "c1/n1", "killchain"), |r, _: u32| {
                Some(r.random())
            })
            .collect();
        let d: Vec<u32> = (0..8)
            .map(|_| 0)
            .scan(stream(7, "c1/n1", "detection"), |r, _: u32| {
                Some(r.random())
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn hash_separates_parts() {
        assert_ne!(stable_hash(&["ab", "c"]), stable_hash(&["a", "bc"]));
    }
}
