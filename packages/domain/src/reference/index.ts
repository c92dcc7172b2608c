export * from './reference';
export * from './workingCalendar';
export * from './fxRates';
