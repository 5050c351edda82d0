package io.mlplab.job;

/** The store contract on the in-memory store. */
class InMemoryJobStoreContractTests extends JobStoreContract {

    @Override
    protected JobStore newStore() {
        return new InMemoryJobStore(RETAINED);
    }
}
