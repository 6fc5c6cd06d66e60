//! Token buckets per client address (or per any key, such as a staff sign-in name), used
//! to slow down guessing of ticket access codes and staff passwords.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Clients tracked before idle full buckets are forgotten.
const MAX_TRACKED: usize = 10_000;

/// A token bucket per key, by default per client address.
#[derive(Debug)]
pub struct RateLimiter<K = IpAddr> {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Hash + Eq> RateLimiter<K> {
    /// Allows `burst` requests at once, refilled at `per_minute`.
    pub fn new(burst: u32, per_minute: u32) -> Self {
        RateLimiter::per_second(burst, f64::from(per_minute.max(1)) / 60.0)
    }

    /// Allows `burst` requests at once, refilled at `per_hour`.
    pub fn per_hour(burst: u32, per_hour: u32) -> Self {
        RateLimiter::per_second(burst, f64::from(per_hour.max(1)) / 3600.0)
    }

    fn per_second(burst: u32, per_second: f64) -> Self {
        RateLimiter {
            burst: f64::from(burst.max(1)),
            per_second,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client` at `now`; `Err(seconds)` says how long until one is free.
    pub fn check_at(&self, client: K, now: Instant) -> Result<(), u64> {
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() >= MAX_TRACKED {
            let (burst, rate) = (self.burst, self.per_second);
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < burst
            });
            // Still full of recent clients (many names tried once, say): forget the oldest
            // half rather than grow without bound.
            if buckets.len() >= MAX_TRACKED {
                let mut ages: Vec<Instant> = buckets.values().map(|(_, at)| *at).collect();
                ages.sort_unstable();
                let cutoff = ages[ages.len() / 2];
                buckets.retain(|_, (_, at)| *at > cutoff);
            }
        }
        let (tokens, last) = buckets.entry(client).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.per_second).ceil() as u64)
        }
    }

    /// Takes one token for `client` now.
    pub fn check(&self, client: K) -> Result<(), u64> {
        self.check_at(client, Instant::now())
    }

    /// Returns the token a request took, for attempts that should not count (a sign-in
    /// that succeeded).
    pub fn give_back(&self, client: &K) {
        if let Ok(mut buckets) = self.buckets.lock()
            && let Some((tokens, _)) = buckets.get_mut(client)
        {
            *tokens = (*tokens + 1.0).min(self.burst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_token_given_back_can_be_used_again() {
        let limiter = RateLimiter::<&str>::per_hour(2, 1);
        let now = Instant::now();
        assert!(limiter.check_at("a", now).is_ok());
        limiter.give_back(&"a");
        assert!(limiter.check_at("a", now).is_ok());
        assert!(limiter.check_at("a", now).is_ok());
        assert!(limiter.check_at("a", now).is_err());
        limiter.give_back(&"b");
        assert!(limiter.check_at("b", now).is_ok());
    }

    #[test]
    fn a_client_gets_its_burst_then_waits_for_refill() {
        let limiter: RateLimiter = RateLimiter::new(3, 60);
        let (client, other) = ([10, 0, 0, 1].into(), [10, 0, 0, 2].into());
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check_at(client, start), Ok(()));
        }
        assert_eq!(limiter.check_at(client, start), Err(1));
        assert_eq!(
            limiter.check_at(other, start),
            Ok(()),
            "other clients are not affected"
        );
        assert_eq!(
            limiter.check_at(client, start + Duration::from_secs(1)),
            Ok(())
        );
    }
}
