//! The client on each MLS library as an [`Implementation`] of the
//! protocol's client interface: what the conformance runner, the simulated
//! room and the attack scenarios create clients with. [`OpenMls`] is the
//! default; [`MlsRs`] is the same client on mls-rs.

use crate::backend::MlsBackend;
use crate::client::DcClient;
use crate::mlsrs::MlsRsBackend;
use crate::mutant::{Mutant, UnknownMutant};
use crate::openmls::OpenMlsBackend;
use dcverify_protocol::{Client, CreateError, Implementation, Profile, Rng, Uid};
use std::collections::BTreeSet;

/// The seed of the component `name`: drawn from `seed`, or fresh without one.
fn seed_for(seed: Option<u64>, name: &str) -> u64 {
    match seed {
        Some(seed) => Rng::sub_seed(seed, name),
        None => Rng::fresh_seed(),
    }
}

fn founder<M: MlsBackend>(
    uid: Uid,
    profile: Profile,
    seed: u64,
    mutant: Option<Mutant>,
) -> Result<Box<dyn Client>, CreateError> {
    let mut client = DcClient::<M>::founder_with_seed(uid, profile, seed)?;
    client.set_mutant(mutant);
    Ok(Box::new(client))
}

fn joiner<M: MlsBackend>(
    uid: Uid,
    profile: Profile,
    room: &BTreeSet<Uid>,
    seed: u64,
    mutant: Option<Mutant>,
) -> Result<Box<dyn Client>, CreateError> {
    let mut client = DcClient::<M>::joiner_with_seed(uid, profile, room.clone(), seed)?;
    client.set_mutant(mutant);
    Ok(Box::new(client))
}

/// An implementation: the client on `$backend`, named `$name`.
macro_rules! implementation {
    ($(#[$doc:meta])* $type:ident, $backend:ty, $name:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $type {
            pub mutant: Option<Mutant>,
            /// With a seed, user `u`'s client draws its random bytes from
            #[doc = concat!("`sub_seed(seed, \"", $name, "-client-u\")`,")]
            /// so a replay with the same seed makes the same bytes as far as
            /// the library allows; without, each client gets a fresh seed.
            pub seed: Option<u64>,
        }

        impl $type {
            /// The client a trace asks for: the correct one, or the mutant it
            /// names (a trace that shows conformance catching a wrong client).
            pub fn named_mutant(mutant: Option<&str>) -> Result<$type, UnknownMutant> {
                Ok($type { mutant: mutant.map(Mutant::from_name).transpose()?, seed: None })
            }

            /// The same clients, every random byte drawn from `seed`.
            pub fn with_seed(self, seed: u64) -> $type {
                $type { seed: Some(seed), ..self }
            }
        }

        impl Implementation for $type {
            fn name(&self) -> &str {
                $name
            }

            fn founder(&self, uid: Uid, profile: Profile) -> Result<Box<dyn Client>, CreateError> {
                let seed = seed_for(self.seed, &format!("{}-client-{uid}", $name));
                founder::<$backend>(uid, profile, seed, self.mutant)
            }

            fn joiner(
                &self,
                uid: Uid,
                profile: Profile,
                room: &BTreeSet<Uid>,
            ) -> Result<Box<dyn Client>, CreateError> {
                let seed = seed_for(self.seed, &format!("{}-client-{uid}", $name));
                joiner::<$backend>(uid, profile, room, seed, self.mutant)
            }

            fn server_client(
                &self,
                uid: Uid,
                profile: Profile,
                nth: usize,
            ) -> Result<Box<dyn Client>, CreateError> {
                let name = format!("{}-server-client-{nth}-labelled-{uid}", $name);
                joiner::<$backend>(uid, profile, &BTreeSet::new(), seed_for(self.seed, &name), None)
            }
        }
    };
}

implementation!(
    /// Makes OpenMLS clients (each wrong on purpose when `mutant` is set).
    OpenMls,
    OpenMlsBackend,
    "openmls"
);

implementation!(
    /// Makes mls-rs clients (each wrong on purpose when `mutant` is set).
    MlsRs,
    MlsRsBackend,
    "mls-rs"
);
