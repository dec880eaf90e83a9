"""Source formats: each reads an issue into segments with their spans and splices translations back."""
