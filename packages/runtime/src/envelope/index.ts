export * from './outputId';
export * from './outputEnvelope';
