// Types of cdktf's jest matchers (registered at run time by test/setup.ts for construct tests only).
import type {} from 'cdktf/lib/testing/adapters/jest';
