"""Test support, not for sites: ``calidad_sin_solr`` (a ``ckan.test_plugins`` entry point)
lets the plugin's tests run a real CKAN where no Solr can be installed. CKAN indexes every
dataset change in Solr synchronously and fails the change when Solr does not answer; this
plugin turns that indexing off (search pages then find nothing). Everything else — the
database, the file store, the job queue, the pages — is CKAN's own."""

import logging

import ckan.lib.search as search
import ckan.plugins as p

log = logging.getLogger(__name__)


class SinSolrPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurable)

    def configure(self, config):
        def no_index(entity_type, entity, operation):
            log.warning("calidad_sin_solr: %s not indexed (no Solr in this test)", entity_type)

        search.dispatch_by_operation = no_index
