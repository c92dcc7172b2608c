export * from './reference';
export * from './workingCalendar';
