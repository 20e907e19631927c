"""Beam stages of Communique (composite PTransforms and DoFns) and the pure logic they call."""
