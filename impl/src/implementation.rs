//! The OpenMLS client as an [`Implementation`] of the protocol's client
//! interface: what the conformance runner, the simulated room and the attack
//! scenarios create clients with.

use crate::client::OpenMlsClient;
use crate::mutant::{Mutant, UnknownMutant};
use dcverify_protocol::{Client, CreateError, Implementation, Profile, Rng, Uid};
use std::collections::BTreeSet;

/// Makes OpenMLS clients (each wrong on purpose when `mutant` is set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenMls {
    pub mutant: Option<Mutant>,
    /// With a seed, user `u`'s client draws every random byte from
    /// `sub_seed(seed, "openmls-client-u")`, so a replay with the same seed
    /// makes the same bytes; without, each client gets a fresh seed.
    pub seed: Option<u64>,
}

impl OpenMls {
    /// The client a trace asks for: the correct one, or the mutant it names
    /// (a trace that shows conformance catching a wrong client).
    pub fn named_mutant(mutant: Option<&str>) -> Result<OpenMls, UnknownMutant> {
        Ok(OpenMls { mutant: mutant.map(Mutant::from_name).transpose()?, seed: None })
    }

    /// The same clients, every random byte drawn from `seed`.
    pub fn with_seed(self, seed: u64) -> OpenMls {
        OpenMls { seed: Some(seed), ..self }
    }

    /// The seed of user `uid`'s client.
    fn client_seed(&self, uid: Uid) -> u64 {
        self.seed_for(&format!("openmls-client-{uid}"))
    }

    /// The seed of the component `name`, or a fresh one without a seed.
    fn seed_for(&self, name: &str) -> u64 {
        match self.seed {
            Some(seed) => Rng::sub_seed(seed, name),
            None => Rng::fresh_seed(),
        }
    }
}

impl Implementation for OpenMls {
    fn name(&self) -> &str {
        "openmls"
    }

    fn founder(&self, uid: Uid, profile: Profile) -> Result<Box<dyn Client>, CreateError> {
        let mut client = OpenMlsClient::founder_with_seed(uid, profile, self.client_seed(uid))?;
        client.set_mutant(self.mutant);
        Ok(Box::new(client))
    }

    fn joiner(
        &self,
        uid: Uid,
        profile: Profile,
        room: &BTreeSet<Uid>,
    ) -> Result<Box<dyn Client>, CreateError> {
        let mut client =
            OpenMlsClient::joiner_with_seed(uid, profile, room.clone(), self.client_seed(uid))?;
        client.set_mutant(self.mutant);
        Ok(Box::new(client))
    }

    fn server_client(
        &self,
        uid: Uid,
        profile: Profile,
        nth: usize,
    ) -> Result<Box<dyn Client>, CreateError> {
        let seed = self.seed_for(&format!("openmls-server-client-{nth}-labelled-{uid}"));
        let client = OpenMlsClient::joiner_with_seed(uid, profile, BTreeSet::new(), seed)?;
        Ok(Box::new(client))
    }
}
