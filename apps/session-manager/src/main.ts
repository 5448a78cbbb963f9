import 'reflect-metadata';
import { runService } from '@lcm/neuro-core';
import { sessionManagerService } from './service';

void runService(sessionManagerService);
