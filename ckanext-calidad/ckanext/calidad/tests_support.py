"""Test support, not for sites: ``calidad_sin_solr`` (a ``ckan.test_plugins`` entry point)
lets the plugin's tests run a real CKAN where no Solr can be installed. CKAN indexes every
dataset change in Solr synchronously and fails the change when Solr does not answer; this
plugin turns that indexing off, and searches find nothing (organisation pages count their
datasets with one). Everything else — the database, the file store, the job queue, the pages —
is CKAN's own."""

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

        from ckan.lib.search.query import PackageSearchQuery

        def run(self, query, permission_labels=None, **kwargs):
            log.warning("calidad_sin_solr: search answered empty (no Solr in this test)")
            self.count, self.results, self.facets = 0, [], {}
            return {"results": [], "count": 0, "facets": {}}

        PackageSearchQuery.run = run
