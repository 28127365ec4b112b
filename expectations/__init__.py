"""Great Expectations suites that enforce the disclosures' accounting identities."""
