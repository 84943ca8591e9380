// The constants entry, not `@rumbo/shared`: that one also builds every TypeBox schema at load
// time, about 14 KB gzipped this page would carry for two numbers.
export { LIMITS } from '@rumbo/shared/constants';
