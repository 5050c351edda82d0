package io.mlplab.study;

/** The store contract on the in-memory store, the default. */
class InMemoryStudyStoreTests extends StudyStoreContract {

    @Override
    protected StudyStore newStore() {
        return new InMemoryStudyStore();
    }
}
