export * from './constants';
export * from './events';
export * from './schemas/common';
export * from './schemas/report';
export * from './schemas/caravan';
export * from './schemas/account';
export * from './schemas/public';
