"""The project's two namespaces (ontology, data) and the vocabularies it reuses."""

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

ESELY = Namespace("https://w3id.org/esely/ontology#")
BASE = "https://w3id.org/esely/id/"
ID = Namespace(BASE)
TG = Namespace(BASE + "target-group/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")

PREFIXES = {
    "esely": ESELY, "id": ID, "tg": TG, "eli": ELI, "schema": SCHEMA, "dcterms": DCTERMS,
    "foaf": FOAF, "org": ORG, "owl": OWL, "prov": PROV, "rdf": RDF, "rdfs": RDFS,
    "skos": SKOS, "time": TIME, "xsd": XSD,
}


def new_graph() -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g
