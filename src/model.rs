//! The domain vocabulary shared by scenarios, the simulation and the law: sectors, kill-chain
//! phases, effect types, the legal relationship between an operator and its sponsor.
//!
//! Every enum here is small (`u8`-sized), `Copy`, and has a stable snake_case name used in all
//! output files, so outputs never depend on Rust's `Debug` formatting.

use serde::{Deserialize, Serialize};

/// Declares a `Copy` enum with a stable snake_case name per variant and an `ALL` list in
/// declaration order (which is also the order of every column and table that lists them).
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        pub enum $name { $($(#[$vmeta])* #[serde(alias = $text)] $variant),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stable snake_case name used in output files.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// Position of the variant in [`Self::ALL`].
            pub const fn index(self) -> usize { self as usize }
        }

        /// Written as its snake_case name (scenario files spell variants in PascalCase, as
        /// RON does; every output uses the stable snake_case name).
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// Japan's 14 critical infrastructure sectors (Cybersecurity Policy for Critical
    /// Infrastructure Protection; airports split from aviation in 2018), plus defense systems.
    Sector {
        /// Information and communications.
        InformationCommunications => "information_communications",
        /// Finance (banking, securities, insurance).
        Finance => "finance",
        /// Aviation (airlines, air traffic).
        Aviation => "aviation",
        /// Airports.
        Airports => "airports",
        /// Railways.
        Railways => "railways",
        /// Electric power.
        ElectricPower => "electric_power",
        /// Gas.
        Gas => "gas",
        /// Government and administrative services.
        Government => "government",
        /// Medical.
        Medical => "medical",
        /// Water.
        Water => "water",
        /// Logistics.
        Logistics => "logistics",
        /// Chemical.
        Chemical => "chemical",
        /// Credit card.
        CreditCard => "credit_card",
        /// Petroleum.
        Petroleum => "petroleum",
        /// Defense systems (modelled in addition to the 14 sectors).
        Defense => "defense",
    }
}

named_enum! {
    /// The phases of an intrusion, in order. An intrusion must complete each phase before the
    /// next; effects are delivered only from the `Effect` phase.
    KillChainPhase {
        /// Scanning and target research.
        Reconnaissance => "reconnaissance",
        /// First foothold (spear-phishing, exploited service, supply chain).
        InitialAccess => "initial_access",
        /// Establishing durable access and moving toward the objective.
        Persistence => "persistence",
        /// Positioned to act on objectives: effects can be delivered.
        Effect => "effect",
    }
}

named_enum! {
    /// What an effect wave does to a node, from the least to the most severe.
    EffectType {
        /// Espionage or exfiltration: no loss of service.
        Espionage => "espionage",
        /// Disruption (denial of service, ransomware-style lockout): service lost while active,
        /// restored at the node's normal recovery rate.
        Disruption => "disruption",
        /// Destruction of data or firmware: service lost, restored slowly (rebuild and reimage).
        DataDestruction => "data_destruction",
        /// Physical damage through industrial control systems: equipment destroyed, repaired
        /// very slowly, with repair cost.
        PhysicalDamage => "physical_damage",
    }
}

named_enum! {
    /// How the operator's conduct relates to its sponsor State, in the terms of the law of
    /// State responsibility (ARSIWA arts. 4, 5 and 8; Tallinn Manual 2.0 rules 15 and 17).
    AttributionBasis {
        /// The operator is an organ of the sponsor State (ARSIWA art. 4; TM2.0 r.15).
        StateOrgan => "state_organ",
        /// The operator exercises elements of governmental authority (ARSIWA art. 5).
        GovernmentalAuthority => "governmental_authority",
        /// The operator acts on the sponsor's instructions or under its direction or control
        /// (ARSIWA art. 8; TM2.0 r.17).
        StateDirected => "state_directed",
        /// An independent group: its conduct is not attributable to any State.
        Independent => "independent",
        /// Not known: who the operators are, or how they relate to a State, has not been
        /// established (used in incident facts, not by campaigns in scenarios).
        Unknown => "unknown",
    }
}

named_enum! {
    /// What the attacker has said about its purpose.
    DeclaredIntent {
        /// Nothing declared.
        None => "none",
        /// Statements that could be read as a threat, but not explicitly.
        Ambiguous => "ambiguous",
        /// An explicit declaration of hostile intent (one of Abe's factors, 16 May 2019).
        Explicit => "explicit",
    }
}

named_enum! {
    /// What kind of actor an entry in the scenario is.
    ActorKind {
        /// A sovereign State.
        State => "state",
        /// A group that is not a State organ (criminal group, hacktivists, proxy).
        NonStateGroup => "non_state_group",
        /// The UN Security Council, which may act under Chapter VII.
        SecurityCouncil => "security_council",
    }
}

named_enum! {
    /// A relationship from one actor to another.
    RelationKind {
        /// Allied (treaty or partnership).
        Ally => "ally",
        /// Adversary.
        Adversary => "adversary",
        /// Neither.
        Neutral => "neutral",
    }
}

named_enum! {
    /// The military status of an infrastructure node, as the law of armed conflict sees it
    /// (TM2.0 r.93, r.101 on dual-use objects).
    MilitaryStatus {
        /// A civilian object.
        Civilian => "civilian",
        /// Used for both civilian and military purposes.
        DualUse => "dual_use",
        /// A military objective by nature or use.
        Military => "military",
    }
}

named_enum! {
    /// How an actor decides to respond to hostile operations.
    Posture {
        /// Uses the least escalatory lawful response that meets necessity.
        Restrained => "restrained",
        /// Matches the adversary's level, within what it considers lawful.
        Proportional => "proportional",
        /// Escalates readily.
        Aggressive => "aggressive",
    }
}

/// The doctrines the legal evaluator knows. A scenario names one per State.
pub const DOCTRINES: &[&str] = &["japan", "tallinn", "us", "uk", "france", "germany", "nato"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_indices_follow_declaration_order() {
        for (i, s) in Sector::ALL.iter().enumerate() {
            assert_eq!(s.index(), i);
        }
        let mut names: Vec<_> = Sector::ALL.iter().map(|s| s.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 15);
        assert!(KillChainPhase::Reconnaissance < KillChainPhase::Effect);
        assert!(EffectType::Espionage < EffectType::PhysicalDamage);
    }
}
