//! Public IP addresses (an online identifier; private ranges are not).

use super::{CONTACT_ALONE, Decision, Level, Recogniser, SHAPE_WITH_HINT, Sampled};
use crate::lexicon::Category;
use crate::shapes;

pub(super) struct PublicIp;

impl Recogniser for PublicIp {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        let (ips, examples) = column.count(Category::IpAddress, |c| shapes::ip(c) == Some(false));
        if column.reaches(ips, CONTACT_ALONE, SHAPE_WITH_HINT, Category::IpAddress) {
            found.push(column.found(Category::IpAddress, Level::Possible, ips, examples));
        }
    }
}
