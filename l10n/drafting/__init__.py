"""Drafts: translation providers, the translation memory, masking, the glossary."""
