//! The OpenMLS client as an [`Implementation`] of the protocol's client
//! interface: what the conformance runner, the simulated room and the attack
//! scenarios create clients with.

use crate::client::OpenMlsClient;
use crate::mutant::{Mutant, UnknownMutant};
use dcverify_protocol::{Client, CreateError, Implementation, Profile, Uid};
use std::collections::BTreeSet;

/// Makes OpenMLS clients (each wrong on purpose when `mutant` is set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenMls {
    pub mutant: Option<Mutant>,
}

impl OpenMls {
    /// The client a trace asks for: the correct one, or the mutant it names
    /// (a trace that shows conformance catching a wrong client).
    pub fn named_mutant(mutant: Option<&str>) -> Result<OpenMls, UnknownMutant> {
        Ok(OpenMls { mutant: mutant.map(Mutant::from_name).transpose()? })
    }
}

impl Implementation for OpenMls {
    fn name(&self) -> &str {
        "openmls"
    }

    fn founder(&self, uid: Uid, profile: Profile) -> Result<Box<dyn Client>, CreateError> {
        let mut client = OpenMlsClient::founder(uid, profile)?;
        client.set_mutant(self.mutant);
        Ok(Box::new(client))
    }

    fn joiner(
        &self,
        uid: Uid,
        profile: Profile,
        room: &BTreeSet<Uid>,
    ) -> Result<Box<dyn Client>, CreateError> {
        let mut client = OpenMlsClient::joiner_in_room(uid, profile, room.clone())?;
        client.set_mutant(self.mutant);
        Ok(Box::new(client))
    }
}
